import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src-main/catalog/catalog.js';
import { operationsReport } from '../../src-main/catalog/operations-report.js';
import {
  CATEGORIES,
  type Category,
  type Source,
} from '../../src-shared/domain.js';
import {
  DEMO_CASE_NUMBER,
  buildDemoCase,
  type DemoCase,
} from '../../src-main/demo/demo-case.js';
import type { FactEvent } from '../../src-main/demo/manifest.js';
import { expandEvidencePaths } from '../../src-main/util/evidence-paths.js';

let dir: string;
let demo: DemoCase;
let db: Database.Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'demo-case-'));
  demo = await buildDemoCase(dir);
  db = new Database(demo.casePath, { readonly: true, fileMustExist: true });
}, 120_000);

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface EvidenceRow {
  id: number;
  original_name: string;
  format: string;
  read_count: number;
  imported_count: number;
  duplicate_count: number;
  rejected_count: number;
  events: number;
}

function evidence(): EvidenceRow[] {
  return db.prepare(
    `SELECT v.*, (SELECT count(*) FROM event e WHERE e.evidence_id = v.id)
       AS events
     FROM evidence v ORDER BY v.id`,
  ).all() as EvidenceRow[];
}

describe('demo case: import through the normal importers', () => {
  it('imports every export file with the counts the generator wrote', () => {
    const rows = evidence();
    expect(rows.map((r) => r.original_name))
      .toEqual(demo.manifest.files.map((f) => f.name));
    for (const [i, f] of demo.manifest.files.entries()) {
      const r = rows[i];
      expect(r.format, f.name).toBe(demo.imports[i].format);
      expect(r.read_count, f.name).toBe(f.records);
      expect(r.imported_count, f.name).toBe(f.records);
      expect(r.duplicate_count + r.rejected_count, f.name).toBe(0);
      expect(r.events, f.name).toBe(f.records);
      expect(demo.imports[i].sha256, f.name).toBe(f.sha256);
    }
  });

  it('leaves an exports folder of exports only, its key beside it', () => {
    const found = expandEvidencePaths([demo.exportsDir]);
    expect(found.skipped).toEqual([]);
    expect(found.files.map((f) => basename(f)).sort())
      .toEqual(demo.manifest.files.map((f) => f.name).sort());
    expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
  });

  it('holds exactly the records of the manifest, 34160 in all', () => {
    const n = db.prepare('SELECT count(*) n FROM event').get() as
      { n: number };
    expect(n.n).toBe(demo.manifest.totalRecords);
    expect(n.n).toBe(34160);
  });

  it('raises no warning; notes the portal CSV repeated column', () => {
    // The Entra portal's sign-in CSV really names a column twice: a
    // known layout, so the importer notes it as info, not a warning.
    const rows = db.prepare(
      `SELECT v.original_name file, w.line, w.severity, w.code
       FROM import_warning w JOIN evidence v ON v.id = w.evidence_id`,
    ).all();
    expect(rows).toEqual([{ file: 'entra-signins-portal.csv', line: 1,
      severity: 'info', code: 'DUPLICATE_HEADER' }]);
  });

  it('sets the tenant policy through the policy store, logged', () => {
    const actions = db.prepare(
      'SELECT action FROM custody ORDER BY seq',
    ).all() as { action: string }[];
    expect(actions.map((a) => a.action)).toEqual(['case.create',
      'policy.update', ...Array(11).fill('import'), 'detect.run']);
    const info = db.prepare(
      'SELECT case_number, policy_json FROM case_info',
    ).get() as { case_number: string; policy_json: string };
    expect(info.case_number).toBe(DEMO_CASE_NUMBER);
    expect(JSON.parse(info.policy_json)).toEqual(demo.manifest.policy);
  });
});

describe('demo case: every operation is in the catalog', () => {
  it('has no operation the catalog does not know', () => {
    const catalog = loadCatalog();
    const ops = db.prepare(
      'SELECT DISTINCT source, operation FROM event ORDER BY 1, 2',
    ).all() as { source: Source; operation: string }[];
    const unknown = ops.filter((o) =>
      !catalog.forEvent(o.source, o.operation));
    expect(unknown).toEqual([]);
    expect(ops.length).toBe(63);
  });

  it('reports zero unknown events, and only Teams messages as other', () => {
    const report = operationsReport(db, loadCatalog());
    expect(report.unknownEvents).toBe(0);
    expect(report.otherEvents).toBe(402);
    expect(report.events).toBe(34160);
    const other = db.prepare(
      `SELECT operation, count(*) n FROM event WHERE category = 'other'
       GROUP BY 1`,
    ).all();
    expect(other).toEqual([{ operation: 'MessageSent', n: 402 }]);
  });
});

interface EventRow {
  time_ms: number;
  operation: string;
  actor: string | null;
  target: string | null;
  ip: string | null;
  file: string;
}

function byRecordId(id: string): EventRow[] {
  return db.prepare(
    `SELECT e.time_ms, e.operation, e.actor, e.target, e.ip,
       v.original_name file
     FROM event e JOIN evidence v ON v.id = e.evidence_id
     WHERE e.record_id = ?`,
  ).all(id) as EventRow[];
}

// Sign-ins are normalized to one operation name; the rest keep theirs.
function operationOf(fact: FactEvent): string {
  return fact.operation === 'Sign-in activity' ? 'SignIn' : fact.operation;
}

describe('demo case: categories', () => {
  it('gives every event one of the normalized categories', () => {
    const rows = db.prepare(
      'SELECT category, count(*) n FROM event GROUP BY 1 ORDER BY 1',
    ).all() as { category: string; n: number }[];
    expect(rows.every((r) => CATEGORIES.includes(r.category as Category)))
      .toBe(true);
    expect(Object.fromEntries(rows.map((r) => [r.category, r.n]))).toEqual({
      admin: 388, 'app-consent': 223, file: 8166, mail: 11489, mfa: 9,
      other: 402, role: 5, sharing: 89, 'sign-in': 13389 });
  });
});

describe('demo case: incident facts in the imported timeline', () => {
  it('holds every key event of the three incidents, exactly', () => {
    const facts = demo.manifest.incidents.flatMap((i) => i.events);
    expect(facts.length).toBe(38);
    for (const f of facts) {
      const rows = byRecordId(f.recordId);
      expect(rows, f.step).toHaveLength(1);
      const e = rows[0];
      expect(e.file, f.step).toBe(f.file);
      expect(e.time_ms, f.step).toBe(Date.parse(f.timeUtc));
      expect(e.operation, f.step).toBe(operationOf(f));
      expect(e.ip, f.step).toBe(f.ip);
      expect([e.actor, e.target], f.step).toContain(f.user);
    }
  });

  it('shows the insider first signing in from China at 02:03:17 UTC', () => {
    const row = db.prepare(
      `SELECT time_text, operation, result, ip, country, region, city, asn
       FROM event WHERE actor = 'daniel.roth@northwindforge.com'
         AND country = 'CN' ORDER BY time_ms, id LIMIT 1`,
    ).get();
    expect(row).toEqual({ time_text: '2026-10-18T02:03:17Z',
      operation: 'SignIn', result: 'success', ip: '113.106.72.45',
      country: 'CN', region: 'Guangdong', city: 'Shenzhen', asn: 4134 });
  });

  it('geolocates every incident address as the story says', () => {
    const q = db.prepare(
      `SELECT DISTINCT country, region, city, asn FROM event WHERE ip = ?`,
    );
    for (const inc of demo.manifest.incidents) {
      for (const ip of inc.ips) {
        expect(q.all(ip.ip), `${inc.id} ${ip.ip}`).toEqual([{
          country: ip.country, region: ip.region, city: ip.city,
          asn: ip.asn }]);
      }
    }
  });
});
