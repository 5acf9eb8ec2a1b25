/**
 * Small cases for the detection tests: fixture exports from
 * test/detect/fixtures imported through the real importer, with a fixed
 * geolocation table for the documentation addresses they use.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { Geo, Policy } from '../../src-shared/domain.js';
import {
  closeCase,
  createCase,
  type CaseFile,
} from '../../src-main/case/case-file.js';
import { listFindings } from '../../src-main/detect/findings-query.js';
import type { Finding } from '../../src-main/detect/finding-types.js';
import { ruleById } from '../../src-main/detect/rules/index.js';
import {
  runDetections,
  type DetectionRun,
} from '../../src-main/detect/run-detections.js';
import { GeoEnricher } from '../../src-main/enrich/geoip.js';
import { importFile } from '../../src-main/import/import-file.js';
import { savePolicy } from '../../src-main/policy/policy-store.js';

/** The folder of the fixture exports. */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

type Place = [string, string, string, number, number, number, string];

/** Where the fixture addresses are: country, region, city, lat, lon, AS. */
const PLACES: Record<string, Place> = {
  '198.51.100.5': ['US', 'Wisconsin', 'Milwaukee', 43.04, -87.91, 7018,
    'AT&T Enterprises, LLC'],
  '198.51.100.10': ['US', 'Illinois', 'Chicago', 41.88, -87.63, 7922,
    'Comcast Cable Communications, LLC'],
  '198.51.100.20': ['US', 'Texas', 'Dallas', 32.78, -96.8, 21928,
    'T-Mobile USA, Inc.'],
  '198.51.100.30': ['US', 'California', 'Los Angeles', 34.05, -118.24, 7018,
    'AT&T Enterprises, LLC'],
  '198.51.100.77': ['GB', 'Scotland', 'Glasgow', 55.86, -4.25, 5607,
    'Sky UK Limited'],
  '203.0.113.45': ['CN', 'Guangdong', 'Shenzhen', 22.54, 114.06, 4134,
    'Chinanet'],
  '203.0.113.61': ['CN', 'Shanghai', 'Shanghai', 31.23, 121.47, 4812,
    'China Telecom (Group)'],
  '203.0.113.99': ['JP', 'Tokyo', 'Tokyo', 35.68, 139.69, 2516,
    'KDDI CORPORATION'],
  '192.0.2.10': ['NL', 'North Holland', 'Amsterdam', 52.37, 4.9, 14061,
    'DigitalOcean, LLC'],
  '192.0.2.66': ['RO', 'Bucharest', 'Bucharest', 44.43, 26.1, 9009,
    'M247 Europe SRL'],
  '192.0.2.200': ['GB', 'England', 'London', 51.51, -0.13, 9009,
    'M247 Europe SRL'],
};

/** A geo enricher that knows only the fixture addresses. */
export function fixtureGeo(): GeoEnricher {
  const city = (ip: string): Omit<Geo, 'asn' | 'asOrg'> | null => {
    const p = PLACES[ip];
    return p
      ? { country: p[0], region: p[1], city: p[2], lat: p[3], lon: p[4] }
      : null;
  };
  const asn = (ip: string) => {
    const p = PLACES[ip];
    return p ? { asn: p[5], org: p[6] } : null;
  };
  return new GeoEnricher(city, asn, [
    { kind: 'city', name: 'detect-fixture', buildDate: '2026-01-01' },
    { kind: 'asn', name: 'detect-fixture', buildDate: '2026-01-01' },
  ]);
}

/** The policy most fixtures run under: US, England, India allowed. */
export const FIXTURE_POLICY: Policy = {
  allowedCountries: ['US', 'GB', 'IN'],
  allowedRegions: { GB: ['England'] },
  trustedNetworks: ['198.51.100.0/29'],
  trustedAsns: [4812],
  travelExceptions: [
    { user: 'bob@contoso.example', country: 'JP', from: '2026-03-10',
      to: '2026-03-15' },
  ],
  thresholds: {},
};

/** An open fixture case and how to remove it. */
export interface DetectCase {
  case: CaseFile;
  db: Database.Database;
  path: string;
  dir: string;
  close(): void;
}

/** Builds a case from fixture files under a policy. */
export async function buildCase(
  files: string[],
  policy: Policy = FIXTURE_POLICY,
): Promise<DetectCase> {
  const dir = mkdtempSync(join(tmpdir(), 'tt-detect-'));
  const path = join(dir, 'detect.ttcase');
  const c = createCase(path, { caseNumber: 'DET-1', title: 'Detections',
    examiner: 'Test Examiner' });
  const geo = fixtureGeo();
  for (const f of files) {
    const s = await importFile(c, join(FIXTURES, f), { geo });
    if (s.status !== 'imported' || s.counts.rejected !== 0) {
      throw new Error(`${f}: ${s.status}, ${JSON.stringify(s.counts)}`);
    }
  }
  savePolicy(c.db, policy, 'Test Examiner');
  return {
    case: c,
    db: c.db,
    path,
    dir,
    close: () => {
      closeCase(c);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the named rules (or all) at a fixed time. */
export function detect(db: Database.Database, ruleIds?: string[]):
  DetectionRun {
  const rules = ruleIds?.map((id) => {
    const r = ruleById(id);
    if (!r) throw new Error(`no rule ${id}`);
    return r;
  });
  return runDetections(db, { examiner: 'Test Examiner', rules,
    now: new Date('2026-12-01T00:00:00Z') });
}

/** A finding with the source record ids of the events it rests on. */
export interface FoundFinding extends Finding {
  records: string[];
}

/** The stored findings of one rule in time order, with their records. */
export function findingsOf(
  db: Database.Database,
  ruleId: string,
): FoundFinding[] {
  const page = listFindings(db, { ruleId, sort: 'time' });
  const records = db.prepare(
    `SELECT e.record_id FROM finding_event f JOIN event e ON e.id = f.event_id
     WHERE f.finding_id = ? ORDER BY e.time_ms, e.record_id`,
  ).pluck();
  return page.findings.map((f) => ({
    ...f,
    records: records.all(f.id) as string[],
  }));
}

/** The short form tests compare: fingerprint, severity, user, records. */
export function brief(f: FoundFinding): [string, string, string | null,
  string[]] {
  return [f.fingerprint, f.severity, f.actor, f.records];
}
