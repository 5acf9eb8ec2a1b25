/**
 * The tenant's own mail domains, taken from the accounts in the case:
 * an address outside them is external. The policy has no field for
 * accepted domains yet, so the case's user principal names stand in.
 */
import type Database from 'better-sqlite3';
import type { DetectionLists } from './lists.js';

/** The domain of a mail address, lowercased, without `smtp:`. */
export function addressDomain(address: string): string | null {
  const a = bareAddress(address);
  const at = a.lastIndexOf('@');
  return at > 0 && at < a.length - 1 ? a.slice(at + 1) : null;
}

/** An address without an `smtp:` prefix, angle brackets or spaces. */
export function bareAddress(address: string): string {
  return address
    .trim()
    .replace(/^smtp:/i, '')
    .replace(/^<|>$/g, '')
    .toLowerCase();
}

/** Splits a recipient list written with `;` or `,` into addresses. */
export function splitAddresses(value: string): string[] {
  return value
    .split(/[;,]/)
    .map(bareAddress)
    .filter((a) => a.length > 0);
}

/** The set of domains the tenant's accounts use. */
export class TenantDomains {
  readonly domains: ReadonlySet<string>;

  constructor(domains: Iterable<string>) {
    this.domains = new Set([...domains].map((d) => d.toLowerCase()));
  }

  /** True when the address is in a tenant domain or a subdomain of one. */
  isInternal(address: string): boolean {
    const d = addressDomain(address);
    if (d === null) return true;
    for (const own of this.domains) {
      if (d === own || d.endsWith(`.${own}`)) return true;
    }
    return false;
  }

  /** Reads the domains of every account acting in the case. */
  static fromCase(
    db: Database.Database,
    lists: DetectionLists,
  ): TenantDomains {
    const rows = db
      .prepare("SELECT DISTINCT actor FROM event WHERE actor LIKE '%@%'")
      .pluck()
      .all() as string[];
    const domains = new Set<string>();
    for (const actor of rows) {
      const d = addressDomain(actor);
      if (d && !lists.isFreeMail(d)) domains.add(d);
    }
    return new TenantDomains(domains);
  }
}
