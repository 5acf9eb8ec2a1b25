/**
 * The small case the workbench tests run on: hand-made exports in
 * test/ui/fixtures imported through the real importer, nothing else.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  closeCase,
  createCase,
  openCase,
} from '../../src-main/case/case-file.js';
import { runDetections } from '../../src-main/detect/run-detections.js';
import { importFile } from '../../src-main/import/import-file.js';
import { refreshSummaries } from '../../src-main/query/summaries.js';
import { savePolicy } from '../../src-main/policy/policy-store.js';
import { buildSearchIndex } from '../../src-main/search/search-index.js';

/** The folder of the fixture exports. */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/**
 * The fixture exports, in import order. hostile.jsonl carries markup,
 * script, javascript: URLs and bidi / zero-width characters in user
 * names, user agents, rule names and file names (issue #7).
 */
export const FIXTURE_FILES = [
  'signins.json',
  'ual.jsonl',
  'purview.csv',
  'hostile.jsonl',
];

/** A fixture case on disk and how to remove it. */
export interface FixtureCase {
  path: string;
  dir: string;
  remove(): void;
}

/** Builds the fixture case in a fresh temporary folder. */
export async function buildFixtureCase(): Promise<FixtureCase> {
  const dir = mkdtempSync(join(tmpdir(), 'tt-ui-'));
  const path = join(dir, 'fixture.ttcase');
  const c = createCase(path, {
    caseNumber: 'UI-1',
    title: 'Workbench fixture',
    examiner: 'Test Examiner',
    displayTimeZone: 'Europe/Berlin',
  });
  try {
    for (const f of FIXTURE_FILES) await importFile(c, join(FIXTURES, f));
    refreshSummaries(c.db);
    buildSearchIndex(c.db);
  } finally {
    closeCase(c);
  }
  return {
    path,
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The fixture case with findings: a policy allowing the US and the UK,
 * and the detections run at a fixed time.
 */
export async function buildFindingsCase(): Promise<FixtureCase> {
  const fixture = await buildFixtureCase();
  const c = openCase(fixture.path);
  try {
    savePolicy(c.db, {
      allowedCountries: ['US', 'GB'], allowedRegions: {},
      trustedNetworks: [], trustedAsns: [], travelExceptions: [],
      thresholds: {},
    }, 'Test Examiner');
    runDetections(c.db, { examiner: 'Test Examiner',
      now: new Date('2026-12-01T00:00:00Z') });
  } finally {
    closeCase(c);
  }
  return fixture;
}
