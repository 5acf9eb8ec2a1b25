/**
 * Trusted networks of the tenant policy: CIDR ranges (IPv4 and IPv6)
 * and autonomous system numbers whose sign-ins geo rules leave alone.
 */
import { BlockList, isIP } from 'node:net';

/** A parsed CIDR range. */
export interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** Parses `a.b.c.d/n`, `x::y/n` or a bare address; null when invalid. */
export function parseCidr(text: string): Cidr | null {
  const [address, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** Matches addresses against trusted CIDR ranges and ASNs. */
export class TrustedNetworks {
  private readonly ranges = new BlockList();
  private readonly asns: ReadonlySet<number>;

  constructor(cidrs: readonly string[], asns: readonly number[]) {
    for (const text of cidrs) {
      const c = parseCidr(text);
      if (!c) throw new Error(`not a CIDR range: ${text}`);
      this.ranges.addSubnet(c.address, c.prefix, c.family);
    }
    this.asns = new Set(asns);
  }

  /** True when the address lies in a trusted range. */
  hasAddress(ip: string | null): boolean {
    if (!ip) return false;
    const version = isIP(ip);
    if (version === 0) return false;
    return this.ranges.check(ip, version === 4 ? 'ipv4' : 'ipv6');
  }

  /** True when the address or its network is trusted. */
  trusts(ip: string | null, asn: number | null): boolean {
    return this.hasAddress(ip) || (asn !== null && this.asns.has(asn));
  }
}
