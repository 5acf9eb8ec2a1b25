import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportProgressEvent } from '../../src-shared/contract.js';
import {
  closeCase,
  openCase,
  readCaseInfo,
} from '../../src-main/case/case-file.js';
import { importFile } from '../../src-main/import/import-file.js';
import { searchIndexState } from '../../src-main/search/search-index.js';
import {
  CaseHolder,
  createDesktopServices,
  progressReporter,
  withCaseExtension,
  type Dialogs,
} from '../../src-main/electron/desktop-services.js';
import { RecentCases } from '../../src-main/electron/recent-cases.js';

const FIXTURES = fileURLToPath(new URL('../ui/fixtures/', import.meta.url));

let dir: string;
let holder: CaseHolder;
let changes: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-desktop-'));
  changes = 0;
  holder = new CaseHolder(() => changes++);
});

afterEach(() => {
  holder.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Dialogs that answer from a script and record what was asked. */
function scripted(answers: Partial<Record<keyof Dialogs, unknown>>) {
  const asked: string[] = [];
  const answer = (k: keyof Dialogs) => async (arg?: string) => {
    asked.push(arg === undefined ? k : `${k} ${arg}`);
    return answers[k] ?? (k === 'chooseEvidence' ? [] : null);
  };
  const dialogs = {
    chooseNewCasePath: answer('chooseNewCasePath'),
    chooseCase: answer('chooseCase'),
    chooseEvidence: answer('chooseEvidence'),
    chooseBundlePath: answer('chooseBundlePath'),
  } as Dialogs;
  return { dialogs, asked };
}

function services(answers: Partial<Record<keyof Dialogs, unknown>> = {}) {
  const progress: ImportProgressEvent[] = [];
  const recent = new RecentCases(join(dir, 'recent.json'));
  const s = scripted(answers);
  const desktop = createDesktopServices({
    holder, recent, dialogs: s.dialogs, keyDir: join(dir, 'keys'),
    onImportProgress: (p) => progress.push(p),
  });
  return { desktop, recent, progress, asked: s.asked };
}

const NEW_CASE = {
  title: 'ACME mail compromise',
  caseNumber: 'ACME/2026 #7',
  examiner: 'J. Doe',
};

describe('newCase', () => {
  it('creates the case where the examiner chose and opens it', async () => {
    const s = services({ chooseNewCasePath: join(dir, 'acme') });
    const made = await s.desktop.newCase(NEW_CASE);
    const path = join(dir, 'acme.ttcase');
    expect(made).toEqual({ path });
    expect(s.asked).toEqual(['chooseNewCasePath ACME_2026_7.ttcase']);
    expect(holder.current()?.path).toBe(path);
    expect(readCaseInfo(holder.current()!.db)).toMatchObject({
      title: 'ACME mail compromise', caseNumber: 'ACME/2026 #7',
      examiner: 'J. Doe', displayTimeZone: 'UTC',
    });
    expect(s.recent.list().map((r) => r.path)).toEqual([path]);
    expect(changes).toBe(1);
  });

  it('does nothing when the dialog is cancelled', async () => {
    const s = services();
    expect(await s.desktop.newCase(NEW_CASE)).toBeNull();
    expect(holder.current()).toBeNull();
    expect(s.recent.list()).toEqual([]);
  });

  it('refuses an unknown time zone before asking for a file', async () => {
    const s = services({ chooseNewCasePath: join(dir, 'x.ttcase') });
    await expect(s.desktop.newCase({ ...NEW_CASE,
      displayTimeZone: 'Mars/Olympus' })).rejects.toMatchObject({
      code: 'BAD_REQUEST', message: 'Mars/Olympus is not an IANA time zone',
    });
    expect(s.asked).toEqual([]);
  });

  it('refuses to overwrite an existing file', async () => {
    writeFileSync(join(dir, 'old.ttcase'), 'evidence');
    const s = services({ chooseNewCasePath: join(dir, 'old.ttcase') });
    await expect(s.desktop.newCase(NEW_CASE)).rejects.toMatchObject({
      code: 'CASE_EXISTS',
    });
  });
});

describe('openCase', () => {
  async function madeCase(): Promise<string> {
    const s = services({ chooseNewCasePath: join(dir, 'a.ttcase') });
    await s.desktop.newCase(NEW_CASE);
    holder.close();
    return join(dir, 'a.ttcase');
  }

  it('opens a case from the recent list by path', async () => {
    const path = await madeCase();
    const s = services();
    expect(await s.desktop.openCase({ path })).toEqual({ path });
    expect(holder.current()?.path).toBe(path);
    expect(s.asked).toEqual([]);
  });

  it('refuses a path the examiner never opened', async () => {
    await madeCase();
    const s = services();
    await expect(s.desktop.openCase({ path: '/etc/passwd' }))
      .rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'only a case from the recent list can be opened by path; ' +
          'use Open case…',
      });
    expect(holder.current()).toBeNull();
  });

  it('asks for the case when no path is given', async () => {
    const path = await madeCase();
    const s = services({ chooseCase: path });
    expect(await s.desktop.openCase({})).toEqual({ path });
    expect(s.asked).toEqual(['chooseCase']);
    expect(s.recent.list()[0].path).toBe(path);
  });

  it('indexes for search what an import left unindexed', async () => {
    const path = await madeCase();
    const c = openCase(path);
    await importFile(c, join(FIXTURES, 'ual.jsonl'));
    closeCase(c);
    const s = services();
    await s.desktop.openCase({ path });
    const db = holder.current()!.db;
    expect(searchIndexState(db)).toEqual({ indexedThrough: 4, pending: 0 });
    expect(s.progress.map((p) => [p.phase, p.done, p.total])).toEqual([
      ['index', 4, 4], ['index', 1, 1],
    ]);
  });

  it('keeps the open case when the next one fails to open', async () => {
    const path = await madeCase();
    holder.open(path);
    writeFileSync(join(dir, 'junk.ttcase'), 'not a case at all');
    const s = services({ chooseCase: join(dir, 'junk.ttcase') });
    await expect(s.desktop.openCase({})).rejects.toMatchObject({
      code: 'CASE_CORRUPT',
    });
    expect(holder.current()?.path).toBe(path);
  });
});

describe('importFiles', () => {
  async function openNewCase() {
    const s = services({ chooseNewCasePath: join(dir, 'i.ttcase') });
    await s.desktop.newCase(NEW_CASE);
    return s;
  }

  it('needs an open case', async () => {
    await expect(services().desktop.importFiles({ paths: [FIXTURES] }))
      .rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
  });

  it('imports a dropped folder file by file, counts adding up', async () => {
    const s = await openNewCase();
    const out = await s.desktop.importFiles({ paths: [FIXTURES] });
    expect(out.map((f) => [f.name, f.status, f.counts, f.warnings])).toEqual([
      ['hostile.jsonl', 'imported',
        { read: 2, imported: 2, duplicates: 0, rejected: 0 }, 0],
      ['purview.csv', 'imported',
        { read: 2, imported: 2, duplicates: 0, rejected: 0 }, 0],
      ['signins.json', 'imported',
        { read: 5, imported: 5, duplicates: 0, rejected: 0 }, 1],
      ['ual.jsonl', 'imported',
        { read: 6, imported: 4, duplicates: 1, rejected: 1 }, 1],
    ]);
    expect(out.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    const last = s.progress.at(-1);
    expect(last).toEqual({ fileIndex: 3, fileCount: 4, name: '',
      phase: 'index', done: 1, total: 1 });
    const hashed = s.progress.filter((p) => p.phase === 'hash');
    expect([...new Set(hashed.map((p) => p.name))]).toEqual([
      'hostile.jsonl', 'purview.csv', 'signins.json', 'ual.jsonl',
    ]);
  });

  it('reports a file imported before as already imported', async () => {
    const s = await openNewCase();
    const file = join(FIXTURES, 'signins.json');
    await s.desktop.importFiles({ paths: [file] });
    const again = await s.desktop.importFiles({ paths: [file] });
    expect(again.map((f) => f.status)).toEqual(['already-imported']);
  });

  it('refuses a file that is not a log, and names it', async () => {
    const s = await openNewCase();
    const png = join(dir, 'photo.png');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const [f] = await s.desktop.importFiles({ paths: [png] });
    expect(f.name).toBe('photo.png');
    expect(f.status).toBe('refused');
    expect(f.counts).toEqual({ read: 0, imported: 0, duplicates: 0,
      rejected: 0 });
    expect(f.message).toMatch(/PNG/i);
  });

  it('asks for files when none are given; cancel imports nothing', async () => {
    const s = await openNewCase();
    expect(await s.desktop.importFiles({})).toEqual([]);
    expect(s.asked).toContain('chooseEvidence');
  });

  it('names a path that does not exist', async () => {
    const s = await openNewCase();
    await expect(s.desktop.importFiles({ paths: [join(dir, 'gone.json')] }))
      .rejects.toMatchObject({
        code: 'FILE_NOT_FOUND',
        message: `${join(dir, 'gone.json')} does not exist`,
      });
  });
});

describe('exportBundle', () => {
  it('writes the bundle where the examiner chose', async () => {
    const out = join(dir, 'acme-bundle.zip');
    const s = services({ chooseNewCasePath: join(dir, 'acme.ttcase'),
      chooseBundlePath: out });
    await s.desktop.newCase(NEW_CASE);
    await s.desktop.importFiles({ paths: [join(FIXTURES, 'signins.json')] });
    const summary = await s.desktop.exportBundle();
    expect(summary?.out).toBe(out);
    expect(summary?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(out)).toBe(true);
    expect(s.asked.at(-1)).toBe('chooseBundlePath acme-bundle.zip');
  });

  it('does nothing when cancelled', async () => {
    const s = services({ chooseNewCasePath: join(dir, 'b.ttcase') });
    await s.desktop.newCase(NEW_CASE);
    expect(await s.desktop.exportBundle()).toBeNull();
  });
});

describe('helpers', () => {
  it('adds the case extension to a bare name only', () => {
    expect(withCaseExtension('/c/acme')).toBe('/c/acme.ttcase');
    expect(withCaseExtension('/c/acme.TTCASE')).toBe('/c/acme.TTCASE');
  });

  it('pushes at most one progress event per percent and phase', () => {
    const seen: ImportProgressEvent[] = [];
    const report = progressReporter({ onImportProgress: (p) =>
      seen.push(p) }, 0, 1, 'big.json');
    for (let b = 0; b <= 10_000; b += 7) {
      report({ file: '/x/big.json', phase: 'hash', bytes: b, total: 10_000 });
    }
    report({ file: '/x/big.json', phase: 'import', bytes: 0, total: 10_000 });
    expect(seen.filter((p) => p.phase === 'hash')).toHaveLength(100);
    expect(seen.at(-1)).toEqual({ fileIndex: 0, fileCount: 1,
      name: 'big.json', phase: 'import', done: 0, total: 10_000 });
  });
});
