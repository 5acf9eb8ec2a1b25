/**
 * SQL functions every connection to a case has: the pieces of a query
 * SQLite cannot say itself.
 */
import { BlockList, isIP } from 'node:net';
import type Database from 'better-sqlite3';
import { parseCidr } from '../policy/networks.js';

/** Most CIDR ranges kept parsed per connection. */
const MAX_RANGES = 64;

/**
 * Adds `in_network(ip, cidr)`: 1 when the address lies in the range, 0
 * when not or when either is not an address or range.
 */
export function registerSqlFunctions(db: Database.Database): void {
  const ranges = new Map<string, Range | null>();
  const rangeOf = (cidr: string): Range | null => {
    if (ranges.has(cidr)) return ranges.get(cidr) ?? null;
    if (ranges.size >= MAX_RANGES) ranges.clear();
    const r = parseRange(cidr);
    ranges.set(cidr, r);
    return r;
  };
  db.function('in_network', { deterministic: true }, (ip, cidr) => {
    if (typeof ip !== 'string' || typeof cidr !== 'string') return 0;
    const family = isIP(ip) === 4 ? 'ipv4' : isIP(ip) === 6 ? 'ipv6' : null;
    const r = family ? rangeOf(cidr) : null;
    // A BlockList also matches IPv4 addresses against IPv6 ranges.
    return r?.family === family && r.list.check(ip, family) ? 1 : 0;
  });
}

/** A parsed range and its address family. */
interface Range {
  list: BlockList;
  family: 'ipv4' | 'ipv6';
}

function parseRange(cidr: string): Range | null {
  const c = parseCidr(cidr);
  if (!c) return null;
  const list = new BlockList();
  list.addSubnet(c.address, c.prefix, c.family);
  return { list, family: c.family };
}
