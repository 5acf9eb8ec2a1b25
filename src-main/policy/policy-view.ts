/**
 * The tenant policy as detections ask it questions: is this place
 * allowed, is this network trusted, was this user known to travel there.
 */
import type { Policy } from '../../src-shared/domain.js';
import { TrustedNetworks } from './networks.js';
import { travelWindow } from './policy-schema.js';
import { thresholdValue } from './thresholds.js';

/** Where an event comes from, as far as the geo rules care. */
export interface Whereabouts {
  ip: string | null;
  country: string | null;
  region: string | null;
  asn: number | null;
}

/** How a place stands against the allowed countries and regions. */
export type PlaceVerdict = 'allowed' | 'outside-country' | 'outside-region';

interface TravelSpan {
  user: string;
  country: string;
  fromMs: number;
  toMs: number;
}

/** Read-only questions about one policy, answered fast. */
export class PolicyView {
  readonly policy: Policy;
  private readonly networks: TrustedNetworks;
  private readonly countries: ReadonlySet<string>;
  private readonly regions: ReadonlyMap<string, ReadonlySet<string>>;
  private readonly travel: readonly TravelSpan[];

  constructor(policy: Policy) {
    this.policy = policy;
    this.networks = new TrustedNetworks(
      policy.trustedNetworks,
      policy.trustedAsns,
    );
    this.countries = new Set(policy.allowedCountries);
    this.regions = new Map(
      Object.entries(policy.allowedRegions).map(([cc, names]) => [
        cc,
        new Set(names.map((n) => n.toLowerCase())),
      ]),
    );
    this.travel = policy.travelExceptions.map((t) => ({
      user: t.user,
      country: t.country,
      ...travelWindow(t),
    }));
  }

  /** True when the policy names any allowed country or region. */
  hasAllowedPlaces(): boolean {
    return this.countries.size > 0 || this.regions.size > 0;
  }

  /** Whether a country and region are inside the allowed places. */
  placeVerdict(country: string, region: string | null): PlaceVerdict {
    const regions = this.regions.get(country);
    if (regions) {
      const inside = region !== null && regions.has(region.toLowerCase());
      return inside ? 'allowed' : 'outside-region';
    }
    return this.countries.has(country) ? 'allowed' : 'outside-country';
  }

  /** The allowed places in words, e.g. "US, GB (England only), IN". */
  describeAllowed(): string {
    const named = [...this.countries];
    for (const cc of this.regions.keys()) {
      if (!this.countries.has(cc)) named.push(cc);
    }
    return named.map((cc) => this.describeCountry(cc)).join(', ');
  }

  private describeCountry(cc: string): string {
    const regions = this.policy.allowedRegions[cc];
    return regions ? `${cc} (${regions.join(', ')} only)` : cc;
  }

  /** True when the address or its ASN is a trusted network. */
  isTrusted(ip: string | null, asn: number | null): boolean {
    return this.networks.trusts(ip, asn);
  }

  /** True when a travel exception covers the user there at that time. */
  isTravelExcepted(user: string, country: string, timeMs: number): boolean {
    return this.travel.some(
      (t) =>
        t.user === user &&
        t.country === country &&
        timeMs >= t.fromMs &&
        timeMs <= t.toMs,
    );
  }

  /** True when geo rules must leave the event alone. */
  suppressesGeo(user: string | null, w: Whereabouts, timeMs: number): boolean {
    if (this.isTrusted(w.ip, w.asn)) return true;
    if (!user || !w.country) return false;
    return this.isTravelExcepted(user, w.country, timeMs);
  }

  /** A threshold's value: the policy's setting or its default. */
  threshold(name: string): number {
    return thresholdValue(this.policy.thresholds, name);
  }
}
