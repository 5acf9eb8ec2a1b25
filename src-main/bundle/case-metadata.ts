/**
 * `case.json`: the facts a receiver needs to understand where a bundle
 * came from: the case, the tool and importer versions, the operation
 * catalog, the GeoIP databases, the tenant policy and the scope.
 */
import type Database from 'better-sqlite3';
import type { CaseInfo, Policy } from '../../src-shared/domain.js';
import { GEO_CREDIT } from '../enrich/geoip.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

/** A GeoIP database pair that enriched events of the case. */
export interface GeoDatabases {
  city: { name: string; buildDate: string };
  asn: { name: string; buildDate: string };
}

interface GeoDbRow {
  city_name: string;
  city_build_date: string;
  asn_name: string;
  asn_build_date: string;
}

/** Every GeoIP database pair recorded in the case. */
export function geoDatabases(db: Database.Database): GeoDatabases[] {
  const rows = db
    .prepare('SELECT * FROM geo_db ORDER BY id')
    .all() as GeoDbRow[];
  return rows.map((r) => ({
    city: { name: r.city_name, buildDate: r.city_build_date },
    asn: { name: r.asn_name, buildDate: r.asn_build_date },
  }));
}

/** The distinct importer versions of the case's evidence items. */
export function importerVersions(db: Database.Database): string[] {
  const rows = db
    .prepare(
      `SELECT DISTINCT importer_version AS v FROM evidence
       ORDER BY importer_version`,
    )
    .all() as { v: string }[];
  return rows.map((r) => r.v);
}

/** What `case.json` is built from. */
export interface CaseMetadataInput {
  info: CaseInfo;
  policy: Policy;
  geo: GeoDatabases[];
  importerVersions: string[];
  scope: Record<string, unknown>;
  exportedAt: string;
  exportedBy: string;
  counts: Record<string, number>;
}

/** Builds the `case.json` document. */
export function caseMetadata(m: CaseMetadataInput): Record<string, unknown> {
  return {
    caseNumber: m.info.caseNumber,
    title: m.info.title,
    examiner: m.info.examiner,
    createdAt: m.info.createdAt,
    displayTimeZone: m.info.displayTimeZone,
    caseToolVersion: m.info.toolVersion,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    importerVersions: m.importerVersions,
    catalogVersion: m.info.catalogVersion,
    geoDatabases: m.geo,
    geoCredit: GEO_CREDIT,
    policy: m.policy,
    scope: m.scope,
    exportedAt: m.exportedAt,
    exportedBy: m.exportedBy,
    counts: m.counts,
  };
}
