/**
 * The demo case: the generator's exports imported into `demo.ttcase`
 * through the normal importers, with the tenant policy set through the
 * policy store and the detection rules run, exactly as an examiner
 * would do it by hand.
 */
import { existsSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TrailError } from '../../src-shared/errors.js';
import { closeCase, createCase, type CaseFile } from '../case/case-file.js';
import { runDetections, type DetectionRun } from '../detect/run-detections.js';
import { openGeo } from '../enrich/geoip.js';
import { importFile, type ImportSummary } from '../import/import-file.js';
import { savePolicy } from '../policy/policy-store.js';
import { buildSearchIndex } from '../search/search-index.js';
import { refreshSummaries } from '../query/summaries.js';
import { generateDemo, type DemoManifest } from './generate.js';

/** File name of the demo case inside its folder. */
export const DEMO_CASE_FILE = 'demo.ttcase';

/** Folder, inside the demo folder, that holds the generated exports. */
export const DEMO_EXPORTS_DIR = 'exports';

/** The generator's manifest (its answer key), beside the exports. */
export const DEMO_MANIFEST_FILE = 'manifest.json';

/** The examiner the demo case is recorded under. */
export const DEMO_EXAMINER = 'Demo Examiner';

/** Case number of the demo case. */
export const DEMO_CASE_NUMBER = 'DEMO-NWF-2026-10';

/** Choices for building the demo case. */
export interface DemoCaseOptions {
  seed?: number;
  /** Scale mode: about this many records (see generateDemo). */
  eventsTarget?: number;
  /** Run the detection rules after the import (default true). */
  detect?: boolean;
  /** Replace an existing case and exports in the folder. */
  force?: boolean;
  /** Called before each export file is imported. */
  onFile?: (name: string, index: number, total: number) => void;
}

/** What building the demo case produced. */
export interface DemoCase {
  casePath: string;
  exportsDir: string;
  manifest: DemoManifest;
  imports: ImportSummary[];
  detections: DetectionRun | null;
}

/** Generates the exports into dir/exports and builds dir/demo.ttcase. */
export async function buildDemoCase(
  dir: string,
  opts: DemoCaseOptions = {},
): Promise<DemoCase> {
  const root = resolve(dir);
  const casePath = join(root, DEMO_CASE_FILE);
  const exportsDir = join(root, DEMO_EXPORTS_DIR);
  clearOrRefuse(root, opts.force === true);
  await mkdir(root, { recursive: true });
  const manifest = await generateDemo(exportsDir, {
    seed: opts.seed,
    eventsTarget: opts.eventsTarget,
    manifestPath: join(root, DEMO_MANIFEST_FILE),
  });
  const c = createCase(casePath, {
    caseNumber: DEMO_CASE_NUMBER,
    title: `${manifest.company.name}: demo case (fictional company)`,
    examiner: DEMO_EXAMINER,
  });
  try {
    savePolicy(c.db, manifest.policy, DEMO_EXAMINER);
    const imports = await importAll(c, exportsDir, manifest, opts);
    refreshSummaries(c.db);
    buildSearchIndex(c.db);
    const detections = opts.detect === false
      ? null
      : runDetections(c.db, { examiner: DEMO_EXAMINER });
    return { casePath, exportsDir, manifest, imports, detections };
  } finally {
    closeCase(c);
  }
}

/**
 * Refuses a demo folder that already holds a demo, unless forced, then
 * clears what an earlier demo left; safe to call before any output.
 */
export function clearOrRefuse(root: string, force: boolean): void {
  const casePath = join(root, DEMO_CASE_FILE);
  const exportsDir = join(root, DEMO_EXPORTS_DIR);
  const present = [casePath, exportsDir].filter((p) => existsSync(p));
  if (present.length === 0) return;
  if (!force) {
    throw new TrailError('CASE_EXISTS', `${present[0]} already exists; ` +
      'choose another folder or replace it with --force');
  }
  for (const p of [casePath, `${casePath}-wal`, `${casePath}-shm`,
    exportsDir, join(root, DEMO_MANIFEST_FILE)]) {
    rmSync(p, { recursive: true, force: true });
  }
}

/** Imports every file of the manifest, in manifest order. */
async function importAll(
  c: CaseFile,
  exportsDir: string,
  manifest: DemoManifest,
  opts: DemoCaseOptions,
): Promise<ImportSummary[]> {
  const geo = openGeo();
  const out: ImportSummary[] = [];
  for (const [i, f] of manifest.files.entries()) {
    opts.onFile?.(f.name, i, manifest.files.length);
    const s = await importFile(c, join(exportsDir, f.name),
      { examiner: DEMO_EXAMINER, geo });
    if (s.status !== 'imported') {
      throw new Error(`demo export ${f.name} was not imported ` +
        `(${s.status}): ${s.message ?? ''}`);
    }
    out.push(s);
  }
  return out;
}
