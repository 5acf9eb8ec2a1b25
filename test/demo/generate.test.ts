import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateDemo,
  type DemoManifest,
} from '../../src-main/demo/generate.js';
import { PORTAL_COLUMNS } from '../../src-main/demo/writers/portal-csv.js';
import { loadDemo, pages, readCsv, type DemoData, type Obj } from './demo-files.js';

const sha = (path: string) =>
  createHash('sha256').update(readFileSync(path)).digest('hex');

let dirA: string;
let dirB: string;
let manifest: DemoManifest;
let data: DemoData;

beforeAll(async () => {
  dirA = mkdtempSync(join(tmpdir(), 'demo-a-'));
  dirB = mkdtempSync(join(tmpdir(), 'demo-b-'));
  manifest = await generateDemo(dirA);
  await generateDemo(dirB);
  data = loadDemo(dirA, manifest);
});

afterAll(() => {
  rmSync(dirA, { recursive: true, force: true });
  rmSync(dirB, { recursive: true, force: true });
});

describe('demo generator: determinism', () => {
  it('writes byte-identical files on two runs with the same seed', () => {
    const names = readdirSync(dirA).sort();
    expect(readdirSync(dirB).sort()).toEqual(names);
    expect(names).toContain('manifest.json');
    for (const name of names) {
      expect(sha(join(dirB, name)), name).toBe(sha(join(dirA, name)));
    }
  });

  it('records the size and hash of every file in the manifest', () => {
    const names = readdirSync(dirA).filter((n) => n !== 'manifest.json');
    expect(manifest.files.map((f) => f.name).sort()).toEqual(names.sort());
    for (const f of manifest.files) {
      const buf = readFileSync(join(dirA, f.name));
      expect(f.bytes, f.name).toBe(buf.length);
      expect(f.sha256, f.name).toBe(sha(join(dirA, f.name)));
    }
  });

  it('uses the default seed and 200 people in normal mode', () => {
    expect(manifest.seed).toBe(20261031);
    expect(manifest.mode).toBe('normal');
    expect(manifest.users).toBe(200);
    expect(manifest.window).toEqual({ start: '2026-10-02T00:00:00.000Z',
      end: '2026-10-31T23:59:59.000Z' });
    expect(manifest.totalRecords).toBeGreaterThan(20_000);
    expect(manifest.totalRecords).toBeLessThan(60_000);
  });
});

function recordsOf(name: string): number {
  const f = manifest.files.find((x) => x.name === name);
  if (!f) throw new Error(`no ${name} in manifest`);
  return f.records;
}

describe('demo generator: Purview CSV export', () => {
  const path = () => join(dirA, 'ual-purview-export.csv');

  it('starts with a BOM and the eight-column header, CRLF endings', () => {
    const text = readFileSync(path(), 'utf8');
    expect(text.startsWith('\uFEFFRecordId,CreationDate,RecordType,' +
      'Operation,UserId,AuditData,AssociatedAdminUnits,' +
      'AssociatedAdminUnitsNames\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);
  });

  it('has as many rows as the manifest says, AuditData as JSON', () => {
    const { rows } = readCsv(path());
    expect(rows.length).toBe(recordsOf('ual-purview-export.csv'));
    for (const r of rows) {
      const audit = JSON.parse(r[5]) as Obj;
      expect(r[0]).toBe(audit.Id);
      expect(r[1]).toBe(`${audit.CreationTime}.0000000Z `);
      expect(r[2]).toBe(String(audit.RecordType));
      expect(r[3]).toBe(audit.Operation);
      expect(r[4]).toBe(audit.UserId);
      expect(audit.CreationTime).toMatch(/^2026-10-\d\dT\d\d:\d\d:\d\d$/);
    }
  });

  it('lists rows newest first', () => {
    const times = data.ualCsv.map((a) => String(a.CreationTime));
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('covers Exchange and SharePoint only', () => {
    const workloads = new Set(data.ualCsv.map((a) => a.Workload));
    expect([...workloads].sort()).toEqual(['Exchange', 'OneDrive',
      'SharePoint']);
  });
});

describe('demo generator: Management Activity API blob', () => {
  it('is one JSON array of AuditData records', () => {
    expect(data.ualApi.length).toBe(recordsOf('ual-management-api.json'));
    const workloads = new Set(data.ualApi.map((a) => a.Workload));
    expect([...workloads].sort()).toEqual(['AzureActiveDirectory',
      'MicrosoftTeams']);
  });

  it('shares no record Id with the Purview export', () => {
    const ids = new Set(data.ualCsv.map((a) => a.Id));
    expect(data.ualApi.filter((a) => ids.has(a.Id))).toEqual([]);
    expect(ids.size).toBe(data.ualCsv.length);
    expect(new Set(data.ualApi.map((a) => a.Id)).size)
      .toBe(data.ualApi.length);
  });
});

describe('demo generator: Entra sign-ins', () => {
  it('pages the Graph file, only the last page without nextLink', () => {
    const list = pages(join(dirA, 'entra-signins-graph.json'));
    expect(list.length).toBeGreaterThan(1);
    list.forEach((p, i) => {
      expect(p['@odata.context']).toBe('https://graph.microsoft.com/beta/' +
        '$metadata#auditLogs/signIns');
      expect('@odata.nextLink' in p, `page ${i}`).toBe(i < list.length - 1);
      expect((p.value as Obj[]).length).toBeLessThanOrEqual(1000);
    });
    expect(data.graph.length).toBe(recordsOf('entra-signins-graph.json'));
  });

  it('lists Graph sign-ins newest first, from 2026-10-12 on', () => {
    const times = data.graph.map((s) => String(s.createdDateTime));
    expect([...times].sort().reverse()).toEqual(times);
    expect(times[times.length - 1] >= '2026-10-12T00:00:00Z').toBe(true);
    const kinds = new Set(data.graph.map((s) =>
      (s.signInEventTypes as string[])[0]));
    expect([...kinds].sort()).toEqual(['interactiveUser',
      'nonInteractiveUser']);
  });

  it('writes the 57 portal columns with their quirks', () => {
    expect(data.portalHeader).toEqual([...PORTAL_COLUMNS]);
    expect(data.portalHeader.length).toBe(57);
    expect(data.portalHeader).toContain('Application ID ');
    expect(data.portalHeader).toContain('Resource ID ');
    expect(data.portalHeader).toContain('Autonomous system  number');
    expect(data.portalHeader.filter((h) => h === 'Incoming token type'))
      .toHaveLength(2);
    expect(data.portal.length).toBe(recordsOf('entra-signins-portal.csv'));
    for (const r of data.portal) expect(r).toHaveLength(57);
  });

  it('puts only interactive sign-ins before 2026-10-12 in the portal CSV', () => {
    for (const r of data.portal) {
      expect(r[0]).toMatch(/^2026-10-(0[2-9]|1[01])T\d\d:\d\d:\d\dZ$/);
    }
    const graphIds = new Set(data.graph.map((s) => s.id));
    expect(data.portal.filter((r) => graphIds.has(r[1]))).toEqual([]);
    expect(manifest.overlaps.duplicateRecordIds).toEqual([]);
  });
});

describe('demo generator: directory audits and Google reports', () => {
  it('pages directoryAudits with at most 100 records a page', () => {
    const list = pages(join(dirA, 'entra-audit-graph.json'));
    for (const p of list) {
      expect((p.value as Obj[]).length).toBeLessThanOrEqual(100);
    }
    expect(data.audit.length).toBe(recordsOf('entra-audit-graph.json'));
  });

  it('counts Google events as records and items as activities', () => {
    for (const [app, items] of Object.entries(data.gws)) {
      const name = `gws-reports-${app}.json`;
      const file = manifest.files.find((f) => f.name === name);
      const events = items.reduce((n, i) => n + (i.events as Obj[]).length, 0);
      expect(file?.records, name).toBe(events);
      expect(file?.activities, name).toBe(items.length);
      for (const i of items) {
        expect(i.kind).toBe('admin#reports#activity');
        expect((i.id as Obj).applicationName).toBe(app);
      }
    }
  });

  it('ends every Google file with a page that has no nextPageToken', () => {
    for (const app of Object.keys(data.gws)) {
      const list = pages(join(dirA, `gws-reports-${app}.json`));
      list.forEach((p, i) => {
        expect(p.kind).toBe('admin#reports#activities');
        expect('nextPageToken' in p).toBe(i < list.length - 1);
      });
    }
  });

  it('lists Google activities newest first', () => {
    for (const items of Object.values(data.gws)) {
      const times = items.map((i) => String((i.id as Obj).time));
      expect([...times].sort().reverse()).toEqual(times);
    }
  });
});
