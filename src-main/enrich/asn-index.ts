/**
 * A compact, binary-searchable index of IP ranges to autonomous systems,
 * built once from the bundled ip-location-db ASN CSV files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/** One autonomous system answer. */
export interface AsnAnswer {
  asn: number;
  org: string;
}

const MAGIC = 'TTASN001';

/** The loaded index: parallel typed arrays, sorted by range start. */
export class AsnIndex {
  constructor(
    private readonly v4Start: Uint32Array,
    private readonly v4End: Uint32Array,
    private readonly v4Asn: Uint32Array,
    private readonly v4Org: Uint32Array,
    private readonly v6Start: BigUint64Array,
    private readonly v6End: BigUint64Array,
    private readonly v6Asn: Uint32Array,
    private readonly v6Org: Uint32Array,
    private readonly orgs: string[],
  ) {}

  /** Looks up an IPv4 address given as a 32-bit number. */
  lookupV4(ip: number): AsnAnswer | null {
    const i = lastAtOrBelow(this.v4Start, ip);
    if (i < 0 || ip > this.v4End[i]) return null;
    return { asn: this.v4Asn[i], org: this.orgs[this.v4Org[i]] };
  }

  /** Looks up an IPv6 address by its upper 64 bits (routing prefix). */
  lookupV6(high: bigint): AsnAnswer | null {
    const i = lastAtOrBelow(this.v6Start, high);
    if (i < 0 || high > this.v6End[i]) return null;
    return { asn: this.v6Asn[i], org: this.orgs[this.v6Org[i]] };
  }
}

function lastAtOrBelow<T extends number | bigint>(
  arr: ArrayLike<T>,
  key: T,
): number {
  let lo = 0;
  let hi = arr.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] <= key) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Parses an IPv6 address into its upper 64 bits. */
export function ipv6High(addr: string): bigint {
  const [head, tail = ''] = addr.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = addr.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  let v = 0n;
  for (let i = 0; i < 4; i++) v = (v << 16n) | BigInt(parseInt(groups[i], 16));
  return v;
}

/** Builds the binary index from the ip-location-db ASN CSV folder. */
export function buildAsnIndex(csvDir: string): Buffer {
  const orgIds = new Map<string, number>();
  const orgOf = (name: string): number => {
    let id = orgIds.get(name);
    if (id === undefined) orgIds.set(name, (id = orgIds.size));
    return id;
  };
  const v4 = parse(readFileSync(join(csvDir, 'asn-ipv4-num.csv'))) as string[][];
  const v6 = parse(readFileSync(join(csvDir, 'asn-ipv6.csv'))) as string[][];
  const a = {
    v4s: new Uint32Array(v4.map((r) => Number(r[0]))),
    v4e: new Uint32Array(v4.map((r) => Number(r[1]))),
    v4a: new Uint32Array(v4.map((r) => Number(r[2]))),
    v4o: new Uint32Array(v4.map((r) => orgOf(r[3] ?? ''))),
    v6s: new BigUint64Array(v6.map((r) => ipv6High(r[0]))),
    v6e: new BigUint64Array(v6.map((r) => ipv6High(r[1]))),
    v6a: new Uint32Array(v6.map((r) => Number(r[2]))),
    v6o: new Uint32Array(v6.map((r) => orgOf(r[3] ?? ''))),
  };
  const head = Buffer.from(
    JSON.stringify({ v4: v4.length, v6: v6.length, orgs: [...orgIds.keys()] }),
  );
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  const pad = Buffer.alloc((8 - ((12 + head.length) % 8)) % 8);
  return Buffer.concat([
    Buffer.from(MAGIC),
    len,
    head,
    pad,
    ...Object.values(a).map((x) => Buffer.from(x.buffer)),
  ]);
}

/** Loads an index written by buildAsnIndex. */
export function loadAsnIndex(buf: Buffer): AsnIndex {
  if (buf.subarray(0, 8).toString() !== MAGIC) {
    throw new Error('not an ASN index file');
  }
  const headLen = buf.readUInt32LE(8);
  const head = JSON.parse(buf.subarray(12, 12 + headLen).toString()) as {
    v4: number;
    v6: number;
    orgs: string[];
  };
  let off = 12 + headLen;
  off += (8 - (off % 8)) % 8;
  const copy = new Uint8Array(buf.subarray(off)).buffer;
  let at = 0;
  const u32 = (n: number) => {
    const x = new Uint32Array(copy, at, n);
    at += n * 4;
    return x;
  };
  const u64 = (n: number) => {
    const x = new BigUint64Array(copy, at, n);
    at += n * 8;
    return x;
  };
  const v4s = u32(head.v4);
  const v4e = u32(head.v4);
  const v4a = u32(head.v4);
  const v4o = u32(head.v4);
  const v6s = u64(head.v6);
  const v6e = u64(head.v6);
  return new AsnIndex(
    v4s, v4e, v4a, v4o, v6s, v6e, u32(head.v6), u32(head.v6), head.orgs,
  );
}
