import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src-main/cli/main.js';
import type { DemoManifest } from '../../src-main/demo/generate.js';
import { FILES } from '../../src-main/demo/routes.js';
import { generateScale } from '../../src-main/demo/scale.js';
import { buildScenario } from '../../src-main/demo/scenario.js';
import { pageRecords, readCsv, type Obj } from './demo-files.js';

const EVENTS = 20_000;

let root: string;
let jsonl: DemoManifest;
let csv: DemoManifest;

const at = (name: string) => join(root, name);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'demo-scale-'));
  jsonl = await generateScale({ dir: at('a'), events: EVENTS });
  await generateScale({ dir: at('b'), events: EVENTS });
  csv = await generateScale({ dir: at('csv'), events: EVENTS,
    ualFormat: 'purview-csv' });
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const sha = (path: string) =>
  createHash('sha256').update(readFileSync(path)).digest('hex');

function records(m: DemoManifest, name: string): number {
  const f = m.files.find((x) => x.name === name);
  if (!f) throw new Error(`no ${name} in the manifest`);
  return f.records;
}

/** Counts the records of a file as an importer would, by its format. */
function countIn(dir: string, name: string): number {
  const path = join(dir, name);
  if (name.endsWith('.jsonl')) {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).length;
  }
  if (name.endsWith('.csv')) return readCsv(path).rows.length;
  if (name.startsWith('gws-')) {
    return pageRecords(path, 'items')
      .reduce((n, a) => n + (a.events as Obj[]).length, 0);
  }
  return pageRecords(path, 'value').length;
}

describe('scale mode', () => {
  it('writes byte-identical files on two runs', () => {
    const names = readdirSync(at('a')).sort();
    expect(readdirSync(at('b')).sort()).toEqual(names);
    for (const name of names) {
      expect(sha(join(at('b'), name)), name).toBe(sha(join(at('a'), name)));
    }
  });

  it('holds exactly the records the manifest gives for each file', () => {
    for (const m of [jsonl, csv]) {
      const dir = m === jsonl ? at('a') : at('csv');
      for (const f of m.files) {
        expect(countIn(dir, f.name), f.name).toBe(f.records);
        expect(f.sha256, f.name).toBe(sha(join(dir, f.name)));
      }
    }
  });

  it('comes within 2% of the requested size, 109 people', () => {
    expect(jsonl.mode).toBe('scale');
    expect(jsonl.users).toBe(109);
    expect(Math.abs(jsonl.totalRecords - EVENTS)).toBeLessThan(EVENTS / 50);
  });

  it('puts every UAL record in the one file the layout names', () => {
    const names = (m: DemoManifest) => m.files.map((f) => f.name);
    expect(names(jsonl)).toContain(FILES.jsonl);
    expect(names(jsonl)).not.toContain(FILES.purview);
    expect(names(jsonl)).not.toContain(FILES.managementApi);
    expect(names(csv)).toContain(FILES.purview);
    expect(names(csv)).not.toContain(FILES.jsonl);
    expect(names(csv)).not.toContain(FILES.managementApi);
    expect(records(csv, FILES.purview)).toBe(records(jsonl, FILES.jsonl));
    expect(csv.totalRecords).toBe(jsonl.totalRecords);
  });

  it('keeps the three incidents, their UAL events in the JSON Lines', () => {
    expect(jsonl.incidents.map((i) => i.id)).toEqual(['insider-exfiltration',
      'aitm-bec', 'gws-takeover']);
    const ids = new Set(readFileSync(join(at('a'), FILES.jsonl), 'utf8')
      .split('\n').filter(Boolean)
      .map((line) => (JSON.parse(line) as Obj).Id));
    const ual = jsonl.incidents.flatMap((i) => i.events)
      .filter((e) => e.file === FILES.jsonl);
    expect(ual.length).toBe(20);
    for (const e of ual) expect(ids.has(e.recordId), e.step).toBe(true);
  });

  it('refuses a size below the minimum', async () => {
    await expect(generateScale({ dir: at('x'), events: 500 }))
      .rejects.toThrow('events must be a whole number of at least 20000');
  });
});

describe('tenant-trail demo --no-case', () => {
  it('writes the scale exports and lists them', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out.push(String(s));
      return true;
    });
    try {
      await buildProgram().parseAsync(['node', 'tenant-trail', 'demo',
        at('cli'), '--no-case', '--events', String(EVENTS)]);
    } finally {
      spy.mockRestore();
    }
    expect(process.exitCode ?? 0).toBe(0);
    const text = out.join('');
    const exportsDir = join(at('cli'), 'exports');
    expect(text).toContain(`${jsonl.totalRecords} records of 109 people ` +
      `(scale mode, seed 20261031) in ${exportsDir}\n`);
    for (const f of jsonl.files) {
      expect(sha(join(exportsDir, f.name)), f.name).toBe(f.sha256);
    }
  });
});

describe('a staff larger than the name lists', () => {
  it('numbers the mail nicknames instead of looping forever', () => {
    const s = buildScenario(20261031, 8000);
    const upns = new Set(s.people.map((p) => p.upn));
    expect(upns.size).toBe(8000);
    const numbered = s.people.filter((p) =>
      /\d@/.test(p.upn) && !p.displayName.match(/\d/));
    expect(numbered.length).toBeGreaterThan(0);
    expect(new Set(s.gwsPeople.map((p) => p.gws?.email)).size)
      .toBe(s.gwsPeople.length);
  });
});
