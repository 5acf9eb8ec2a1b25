/**
 * One IP address across the case: who was seen from it, when, and where
 * the GeoIP data places it.
 */
import type Database from 'better-sqlite3';
import type { Geo } from '../../src-shared/domain.js';
import type {
  Counted,
  IpProfile,
  IpUser,
} from '../../src-shared/contract.js';

/** Everything the IP page needs besides the credits. */
export type IpFacts = Omit<IpProfile, 'geoCredit'>;

const NO_GEO: Geo = {
  country: null,
  region: null,
  city: null,
  lat: null,
  lon: null,
  asn: null,
  asOrg: null,
};

/** Builds the profile of one IP address from the events that name it. */
export function ipFacts(db: Database.Database, ip: string): IpFacts {
  const totals = db
    .prepare(
      `SELECT count(*) AS n, min(time_ms) AS lo, max(time_ms) AS hi
       FROM event WHERE ip = ?`,
    )
    .get(ip) as { n: number; lo: number | null; hi: number | null };
  return {
    ip,
    events: totals.n,
    firstMs: totals.lo,
    lastMs: totals.hi,
    geo: latestGeo(db, ip),
    users: ipUsers(db, ip),
    sources: db
      .prepare(
        `SELECT source AS value, count(*) AS count FROM event WHERE ip = ?
         GROUP BY source ORDER BY count DESC, value`,
      )
      .all(ip) as Counted[],
  };
}

// Geo values are looked up per event at import; the latest event carries
// the lookup of the newest database the case was enriched with.
function latestGeo(db: Database.Database, ip: string): Geo {
  const r = db
    .prepare(
      `SELECT country, region, city, lat, lon, asn, as_org FROM event
       WHERE ip = ? ORDER BY time_ms DESC LIMIT 1`,
    )
    .get(ip) as (Omit<Geo, 'asOrg'> & { as_org: string | null }) | undefined;
  if (!r) return NO_GEO;
  return {
    country: r.country,
    region: r.region,
    city: r.city,
    lat: r.lat,
    lon: r.lon,
    asn: r.asn,
    asOrg: r.as_org,
  };
}

function ipUsers(db: Database.Database, ip: string): IpUser[] {
  const rows = db
    .prepare(
      `SELECT actor, count(*) AS n, min(time_ms) AS lo, max(time_ms) AS hi
       FROM event WHERE ip = ? AND actor IS NOT NULL
       GROUP BY actor ORDER BY n DESC, actor LIMIT 1000`,
    )
    .all(ip) as { actor: string; n: number; lo: number; hi: number }[];
  return rows.map((r) => ({
    user: r.actor,
    count: r.n,
    firstMs: r.lo,
    lastMs: r.hi,
  }));
}
