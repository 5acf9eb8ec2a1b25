import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  openSync,
  closeSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPLICATION_ID,
  closeCase,
  createCase,
  openCase,
  readCaseInfo,
  releaseFreePages,
} from '../../src-main/case/case-file.js';
import { lockPathOf } from '../../src-main/case/case-lock.js';
import { listCustody } from '../../src-main/case/custody.js';
import { LATEST_VERSION } from '../../src-main/case/migrations.js';
import { verifyCase } from '../../src-main/case/verify-case.js';
import { queryEvents } from '../../src-main/query/events-query.js';
import { buildSearchIndex } from '../../src-main/search/search-index.js';
import { TrailError } from '../../src-shared/errors.js';
import {
  fixture,
  importInto,
  removeDir,
  tempDir,
} from '../import/import-helpers.js';
import {
  BUILT,
  childScript,
  fileHash,
  namesIn,
  ROOT,
  runNode,
} from './case-helpers.js';

const dir = tempDir('tt-case-');
afterAll(() => removeDir(dir));

let n = 0;
function casePath(): string {
  return join(dir, `c${++n}.ttcase`);
}

/** A closed case holding one imported file. */
async function filledCase(): Promise<string> {
  const path = casePath();
  const c = createCase(path, {
    caseNumber: 'CF-1',
    title: 'case file tests',
    examiner: 'Examiner One',
  });
  await importInto(c, fixture('formats', 'graph-signins-v1.json'));
  closeCase(c);
  return path;
}

function errorOf(fn: () => unknown): TrailError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TrailError) return err;
    throw err;
  }
  throw new Error('expected a TrailError');
}

describe('creating a case', () => {
  it('writes metadata, schema and the first custody entry', () => {
    const path = casePath();
    const c = createCase(path, {
      caseNumber: '2026-017',
      title: 'Mailbox takeover',
      examiner: 'Ada Examiner',
      displayTimeZone: 'Europe/Berlin',
    });
    expect(readCaseInfo(c.db)).toMatchObject({
      caseNumber: '2026-017',
      title: 'Mailbox takeover',
      examiner: 'Ada Examiner',
      displayTimeZone: 'Europe/Berlin',
      catalogVersion: null,
    });
    expect(c.db.pragma('application_id', { simple: true })).toBe(
      APPLICATION_ID,
    );
    expect(c.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const custody = listCustody(c.db);
    expect(custody.map((e) => [e.seq, e.action, e.examiner])).toEqual([
      [1, 'case.create', 'Ada Examiner'],
    ]);
    expect(custody[0].details).toMatchObject({ caseNumber: '2026-017' });
    closeCase(c);
  });

  it('makes every table STRICT', () => {
    const path = casePath();
    closeCase(createCase(path, { caseNumber: '1', title: 't', examiner: 'e' }));
    const db = new Database(path, { readonly: true });
    const tables = db
      .prepare(
        `SELECT name, sql FROM sqlite_schema WHERE type = 'table'
         AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'event_fts%'`,
      )
      .all() as { name: string; sql: string }[];
    db.close();
    expect(tables.length).toBeGreaterThan(10);
    for (const t of tables) expect([t.name, /\)\s*STRICT/.test(t.sql)])
      .toEqual([t.name, true]);
  });

  it('refuses to overwrite an existing file', () => {
    const path = casePath();
    writeFileSync(path, 'keep me');
    const e = errorOf(() =>
      createCase(path, { caseNumber: '1', title: 't', examiner: 'e' }),
    );
    expect(e.code).toBe('CASE_EXISTS');
    expect(e.message).toBe(`${path} already exists`);
    expect(statSync(path).size).toBe(7);
  });

  it('leaves one file at rest: no journal, WAL or lock beside it', () => {
    const path = casePath();
    closeCase(createCase(path, { caseNumber: '1', title: 't', examiner: 'e' }));
    expect(namesIn(dir).filter((f) => f.startsWith(`c${n}.`))).toEqual([
      `c${n}.ttcase`,
    ]);
  });
});

describe('free pages', () => {
  const freePages = (db: Database.Database) =>
    db.pragma('freelist_count', { simple: true }) as number;

  it('are handed back a step at a time', () => {
    const c = createCase(casePath(), {
      caseNumber: 'FP-1', title: 'free pages', examiner: 'Examiner One',
    });
    expect(c.db.pragma('auto_vacuum', { simple: true })).toBe(2);
    c.db.exec(`CREATE TABLE filler (b BLOB);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
        WHERE i < 400)
      INSERT INTO filler SELECT zeroblob(3000) FROM n;
      DROP TABLE filler`);
    const free = freePages(c.db);
    const pages = c.db.pragma('page_count', { simple: true }) as number;
    expect(free).toBeGreaterThan(390);

    expect(releaseFreePages(c.db, 7)).toBe(free);
    expect(freePages(c.db)).toBe(0);
    expect(c.db.pragma('page_count', { simple: true })).toBe(pages - free);
    closeCase(c);
  });

  it('left by building the search index are handed back', async () => {
    const c = createCase(casePath(), {
      caseNumber: 'FP-2', title: 'free pages', examiner: 'Examiner One',
    });
    await importInto(c, fixture('formats', 'ual-lines.jsonl'));
    c.db.exec(`CREATE TABLE filler (b BLOB);
      INSERT INTO filler VALUES (zeroblob(400000)); DROP TABLE filler`);
    expect(freePages(c.db)).toBeGreaterThan(90);

    buildSearchIndex(c.db);
    expect(freePages(c.db)).toBe(0);
    expect(verifyCase(c.db).ok).toBe(true);
    closeCase(c);
  });

  it('stay in a case made without auto-vacuum, which still opens', () => {
    const path = casePath();
    const c = createCase(path, {
      caseNumber: 'FP-3', title: 'free pages', examiner: 'Examiner One',
    });
    closeCase(c);
    const raw = new Database(path);
    raw.pragma('auto_vacuum = NONE');
    raw.exec('VACUUM');
    raw.exec(`CREATE TABLE filler (b BLOB);
      INSERT INTO filler VALUES (zeroblob(40000)); DROP TABLE filler`);
    raw.close();
    const old = openCase(path);
    const free = freePages(old.db);
    expect(free).toBeGreaterThan(8);
    expect(releaseFreePages(old.db)).toBe(0);
    expect(freePages(old.db)).toBe(free);
    closeCase(old);
  });
});

describe('opening what is not a case', () => {
  it('names a missing case and the command that creates one', () => {
    const e = errorOf(() => openCase(join(dir, 'none.ttcase')));
    expect(e.code).toBe('CASE_NOT_FOUND');
    expect(e.message).toContain('create it with `tenant-trail new`');
  });

  it('refuses a text file', () => {
    const path = casePath();
    writeFileSync(path, 'just some text that is long enough\n');
    const e = errorOf(() => openCase(path));
    expect(e.code).toBe('CASE_CORRUPT');
    expect(e.message).toBe(
      `${path} is not a Tenant Trail case file (not an SQLite database)`,
    );
  });

  it('refuses an SQLite database of another application', () => {
    const path = casePath();
    const db = new Database(path);
    db.exec('CREATE TABLE t (x INTEGER)');
    db.close();
    const e = errorOf(() => openCase(path));
    expect([e.code, e.message]).toEqual([
      'CASE_CORRUPT',
      `${path} is an SQLite database but not a Tenant Trail case`,
    ]);
  });

  it('refuses a case written by a newer schema', async () => {
    const path = await filledCase();
    const db = new Database(path);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    const e = errorOf(() => openCase(path, { readonly: true }));
    expect(e.code).toBe('CASE_TOO_NEW');
  });
});

describe('a damaged case file', () => {
  let good: string;
  let size: number;
  beforeAll(async () => {
    good = await filledCase();
    size = statSync(good).size;
  });

  /** A copy of the good case, damaged by `harm`. */
  function damaged(harm: (path: string) => void): string {
    const path = casePath();
    copyFileSync(good, path);
    harm(path);
    return path;
  }

  function garbageAt(offset: number, length = 2000) {
    return (path: string) => {
      const fd = openSync(path, 'r+');
      writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, offset);
      closeSync(fd);
    };
  }

  /** Open must fail with CASE_CORRUPT and leave the file as it was. */
  function expectRefused(path: string, readonly: boolean): string {
    const before = fileHash(path);
    const e = errorOf(() => openCase(path, { readonly }));
    expect(e.code).toBe('CASE_CORRUPT');
    expect(fileHash(path)).toBe(before);
    const base = path.slice(dir.length + 1);
    expect(namesIn(dir).filter((f) => f.startsWith(`${base}-`) ||
      f === `${base}.lock`)).toEqual([]);
    return e.message;
  }

  it.each([
    ['in its header', 50, 'is cut off inside its header (50 bytes)'],
    ['inside a page', 5000, 'is not a whole number of 4096-byte pages'],
  ])('is refused when truncated %s', (_, cut, says) => {
    const path = damaged((p) => truncateSync(p, cut));
    for (const readonly of [true, false]) {
      const message = expectRefused(path, readonly);
      expect(message).toContain(says);
      expect(message).toContain('nothing was written to it');
    }
  });

  it('is refused when whole pages are missing at its end', () => {
    const path = damaged((p) => truncateSync(p, size - 8192));
    const message = expectRefused(path, false);
    expect(message).toBe(
      `${path} is damaged: it is truncated: its header says ${size} bytes, ` +
        `the file has ${size - 8192}; it was not opened and nothing was ` +
        'written to it: restore the case from a copy',
    );
  });

  it('is refused when its schema page is overwritten', () => {
    const path = damaged(garbageAt(100));
    for (const readonly of [true, false]) {
      expect(expectRefused(path, readonly)).toContain('the file is damaged');
    }
  });

  it('is refused for writing when a data page is overwritten', () => {
    const path = damaged(garbageAt((rootPage(good, 'event') - 1) * 4096));
    const message = expectRefused(path, false);
    expect(message).toMatch(/is damaged \(.*page.*\); it was not opened for writing/);
  });
});

describe('opening a case only to read it', () => {
  it('changes no byte and creates no file beside it', async () => {
    const path = await filledCase();
    const before = fileHash(path);
    const names = namesIn(dir);
    const c = openCase(path, { readonly: true });
    expect(readCaseInfo(c.db).caseNumber).toBe('CF-1');
    expect(queryEvents(c.db, { limit: 10 }).length).toBe(2);
    expect(verifyCase(c.db).ok).toBe(true);
    closeCase(c);
    expect(fileHash(path)).toBe(before);
    expect(namesIn(dir)).toEqual(names);
  });

  it('refuses to write through a read-only open', async () => {
    const path = await filledCase();
    const c = openCase(path, { readonly: true });
    expect(() => c.db.exec('DELETE FROM note')).toThrow(/readonly/);
    closeCase(c);
  });
});

describe('the writer lock', () => {
  it('is held while a writer is open and released on close', async () => {
    const path = await filledCase();
    const c = openCase(path);
    expect(existsSync(lockPathOf(path))).toBe(true);
    closeCase(c);
    expect(existsSync(lockPathOf(path))).toBe(false);
  });

  it('is shared by writers of one process', async () => {
    const path = await filledCase();
    const a = openCase(path);
    const b = openCase(path);
    closeCase(b);
    expect(existsSync(lockPathOf(path))).toBe(true);
    closeCase(a);
    expect(existsSync(lockPathOf(path))).toBe(false);
  });

  it('is taken over from a process that no longer runs', async () => {
    const path = await filledCase();
    const dead = spawnDead();
    writeFileSync(lockPathOf(path), JSON.stringify({
      pid: dead, host: hostname(), since: '2026-01-01T00:00:00.000Z',
    }));
    const c = openCase(path);
    closeCase(c);
    expect(existsSync(lockPathOf(path))).toBe(false);
  });

  it('is taken over past a takeover marker its dead owner left', async () => {
    const path = await filledCase();
    const dead = spawnDead();
    const owner = JSON.stringify({
      pid: dead, host: hostname(), since: '2026-01-01T00:00:00.000Z',
    });
    writeFileSync(lockPathOf(path), owner);
    writeFileSync(`${lockPathOf(path)}.takeover`, owner);
    const c = openCase(path);
    expect(existsSync(`${lockPathOf(path)}.takeover`)).toBe(false);
    closeCase(c);
    expect(existsSync(lockPathOf(path))).toBe(false);
  });

  it('of another host means the case is in use', async () => {
    const path = await filledCase();
    const lock = lockPathOf(path);
    writeFileSync(lock, JSON.stringify({
      pid: 1, host: 'forensic-ws-7', since: '2026-01-01T00:00:00.000Z',
    }));
    const e = errorOf(() => openCase(path));
    expect(e.code).toBe('CASE_IN_USE');
    expect(e.message).toBe(
      `case is in use: ${path} is being written by process 1 on ` +
        'forensic-ws-7 since 2026-01-01T00:00:00.000Z; wait for it to ' +
        `finish (if no such process runs, delete ${lock})`,
    );
    const r = openCase(path, { readonly: true });
    expect(readCaseInfo(r.db).caseNumber).toBe('CF-1');
    closeCase(r);
  });
});

describe.skipIf(!BUILT)('two processes writing one case', () => {
  it('gives the second a clear "case is in use"', async () => {
    const path = await filledCase();
    const holder = spawn(process.execPath, [childScript('hold-case.mjs'),
      path, 'hold'], { cwd: ROOT });
    const first = await firstLine(holder.stdout);
    expect(JSON.parse(first)).toEqual({ ok: true, pid: holder.pid });
    const e = errorOf(() => openCase(path));
    expect(e.code).toBe('CASE_IN_USE');
    expect(e.message).toMatch(
      /^case is in use: .* is being written by process \d+ on /,
    );
    const second = runNode(childScript('hold-case.mjs'), [path]);
    expect(JSON.parse(second.stdout)).toMatchObject({
      ok: false,
      code: 'CASE_IN_USE',
    });
    holder.stdin.end();
    await new Promise((r) => holder.on('exit', r));
    const again = runNode(childScript('hold-case.mjs'), [path]);
    expect(JSON.parse(again.stdout).ok).toBe(true);
  });
});

describe.skipIf(!BUILT)('two processes taking over a stale lock', () => {
  it('let exactly one win, every time', async () => {
    const path = await filledCase();
    const dead = spawnDead();
    const outcomes: string[][] = [];
    for (let round = 0; round < 8; round++) {
      writeFileSync(lockPathOf(path), JSON.stringify({
        pid: dead, host: hostname(), since: '2026-01-01T00:00:00.000Z',
      }));
      const at = String(Date.now() + 400);
      const racers = [0, 1].map(() => spawn(process.execPath,
        [childScript('race-lock.mjs'), path, at], { cwd: ROOT }));
      const said = await Promise.all(racers.map(outputOf));
      outcomes.push(said.sort());
    }
    expect(outcomes).toEqual(Array(8).fill(['CASE_IN_USE', 'won']));
    expect(existsSync(lockPathOf(path))).toBe(false);
  });
});

/** What a child printed, stdout then stderr, once it has exited. */
function outputOf(child: ReturnType<typeof spawn>): Promise<string> {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((done) => child.on('close', () => done(out.trim())));
}

/** The page number of a table's b-tree root. */
function rootPage(path: string, table: string): number {
  const db = new Database(path, { readonly: true });
  const r = db
    .prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?')
    .get(table) as { rootpage: number };
  db.close();
  return r.rootpage;
}

function spawnDead(): number {
  const r = runNode('-e', ['0']);
  expect(r.status).toBe(0);
  return r.pid;
}

function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (d: Buffer) => {
      text += d.toString();
      const nl = text.indexOf('\n');
      if (nl >= 0) resolve(text.slice(0, nl));
    });
    stream.on('end', () => reject(new Error(`no line: ${text}`)));
  });
}
