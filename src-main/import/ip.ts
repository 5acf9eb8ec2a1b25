/**
 * Client IP normalization: the bare address for pivots and geolocation,
 * the port where one was attached, and the original text kept beside.
 */
import { isIP, isIPv4, isIPv6 } from 'node:net';

/** A normalized client address. */
export interface NormalizedIp {
  ip: string | null;
  port: number | null;
  original: string | null;
  nonstandardPort: boolean;
}

const NONE: NormalizedIp = {
  ip: null,
  port: null,
  original: null,
  nonstandardPort: false,
};

/** Normalizes one IP text; junk and host names give ip = null. */
export function normalizeIp(raw: unknown): NormalizedIp {
  if (raw === null || raw === undefined) return NONE;
  const original = String(raw);
  const t = original.trim();
  if (t === '') return { ...NONE, original };
  const parsed = splitAddress(t);
  if (!parsed) return { ...NONE, original };
  return { ...parsed, original };
}

function splitAddress(
  t: string,
): Omit<NormalizedIp, 'original'> | null {
  const bracket = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(t);
  if (bracket) return result(bracket[1], bracket[2], false);
  if (isIP(stripZone(t))) return result(t, undefined, false);
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(t);
  if (v4port) return result(v4port[1], v4port[2], false);
  const v4dash = /^(\d{1,3}(?:\.\d{1,3}){3})-(\d{1,5})$/.exec(t);
  if (v4dash) return result(v4dash[1], v4dash[2], true);
  return null;
}

function result(
  addr: string,
  port: string | undefined,
  nonstandardPort: boolean,
): Omit<NormalizedIp, 'original'> | null {
  const ip = canonicalAddress(addr);
  if (!ip) return null;
  const p = port === undefined ? null : Number(port);
  if (p !== null && p > 65535) return null;
  return { ip, port: p, nonstandardPort };
}

function stripZone(addr: string): string {
  const pct = addr.indexOf('%');
  return pct > 0 && addr.includes(':') ? addr.slice(0, pct) : addr;
}

/** Canonical text of an address: IPv4 dotted, IPv6 compressed lowercase. */
export function canonicalAddress(addr: string): string | null {
  const a = stripZone(addr.trim());
  if (isIPv4(a)) return canonicalV4(a);
  if (!isIPv6(a)) return null;
  const mapped = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i
    .exec(a.replace(/^::/, '0:'));
  if (mapped && isIPv4(mapped[1])) return canonicalV4(mapped[1]);
  const host = new URL(`http://[${a}]/`).hostname;
  const v6 = host.slice(1, -1);
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
  if (hexMapped) return hexPairToV4(hexMapped[1], hexMapped[2]);
  return v6;
}

function canonicalV4(a: string): string {
  return a
    .split('.')
    .map((p) => String(Number(p)))
    .join('.');
}

function hexPairToV4(hi: string, lo: string): string {
  const h = parseInt(hi, 16);
  const l = parseInt(lo, 16);
  return [h >> 8, h & 255, l >> 8, l & 255].join('.');
}
