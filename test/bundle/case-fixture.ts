/**
 * A small case for bundle tests: two evidence files (one named with a
 * right-to-left override), hostile strings in the logs, two findings,
 * bookmarks, tags and notes, and a signing key in a temporary folder.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { closeCase, createCase, openCase } from '../../src-main/case/case-file.js';
import { importFile } from '../../src-main/import/import-file.js';

/** Fixture files of the bundle tests. */
export const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

/** Hostile strings planted in the fixtures and the case. */
export const HOSTILE = {
  script: "<script>alert('ua')</script>",
  formula: "=cmd|' /C calc'!A0",
  rtlFileName: 'ual-\u202elnosj.jsonl',
  findingTitle: 'Inbox rule hides mail <img src=x onerror=alert(1)>',
  note: '<script>alert("note")</script> javascript:alert(3)',
};

/** The case number and title of the fixture case. */
export const CASE_NUMBER = 'TT-2025-017';

/** A built fixture case and where its pieces are. */
export interface FixtureCase {
  dir: string;
  casePath: string;
  keyDir: string;
  /** An export time after everything the fixture did to the case. */
  exportedAt: string;
}

/** Builds the fixture case in a fresh temporary folder. */
export async function buildFixtureCase(): Promise<FixtureCase> {
  const dir = mkdtempSync(join(tmpdir(), 'tt-bundle-'));
  const casePath = join(dir, 'case.ttcase');
  const rtl = join(dir, HOSTILE.rtlFileName);
  copyFileSync(join(FIXTURES, 'ual.jsonl'), rtl);
  const c = createCase(casePath, {
    caseNumber: CASE_NUMBER,
    title: 'Contoso mailbox compromise',
    examiner: 'Dana Examiner',
  });
  try {
    await importFile(c, join(FIXTURES, 'signins.json'));
    await importFile(c, rtl);
    addFindingsAndAnnotations(c.db);
  } finally {
    closeCase(c);
  }
  await new Promise((r) => setTimeout(r, 5));
  return {
    dir,
    casePath,
    keyDir: join(dir, 'keys'),
    exportedAt: new Date().toISOString(),
  };
}

/** The id of the event with this operation, user and time. */
export function eventId(
  db: Database.Database,
  operation: string,
  user: string,
  nth = 0,
): number {
  const rows = db
    .prepare(
      'SELECT id FROM event WHERE operation = ? AND actor = ? ORDER BY time_ms',
    )
    .all(operation, user) as { id: number }[];
  return rows[nth].id;
}

function addFindingsAndAnnotations(db: Database.Database): void {
  const now = new Date().toISOString();
  const alice = 'alice@contoso.example';
  const failed = eventId(db, 'SignIn', alice, 1);
  const success = eventId(db, 'SignIn', alice, 0);
  const rule = eventId(db, 'New-InboxRule', alice);
  const download = eventId(db, 'FileDownloaded', 'carol@contoso.example');
  insertFinding(db, 1, HOSTILE.findingTitle, alice, [failed, rule], now);
  insertFinding(db, 2, 'Download of an unusual file', 'carol@contoso.example',
    [download], now);
  db.prepare('INSERT INTO bookmark VALUES (?, ?, ?)').run(rule, now, 'Dana');
  db.prepare('INSERT INTO bookmark VALUES (?, ?, ?)').run(success, now, 'Dana');
  db.prepare('INSERT INTO tag VALUES (?, ?, ?, ?)')
    .run(rule, HOSTILE.formula, now, 'Dana');
  db.prepare(
    'INSERT INTO note (event_id, text, created_at, examiner) VALUES (?, ?, ?, ?)',
  ).run(download, HOSTILE.note, now, 'Dana');
}

function insertFinding(
  db: Database.Database,
  id: number,
  title: string,
  actor: string,
  events: number[],
  now: string,
): void {
  const times = events.map(
    (e) =>
      (db.prepare('SELECT time_ms FROM event WHERE id = ?').get(e) as {
        time_ms: number;
      }).time_ms,
  );
  db.prepare(
    `INSERT INTO finding (id, rule_id, fingerprint, title, severity,
       technique, actor, first_time_ms, last_time_ms, event_count,
       explanation, matched_json, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'high', 'T1564.008', ?, ?, ?, ?, ?, '{}', ?, ?)`,
  ).run(
    id,
    `rule-${id}`,
    `fp-${id}`,
    title,
    actor,
    Math.min(...times),
    Math.max(...times),
    events.length,
    `Explanation of finding ${id}: ${HOSTILE.script}`,
    now,
    now,
  );
  const link = db.prepare('INSERT INTO finding_event VALUES (?, ?)');
  for (const e of events) link.run(id, e);
}

/** Opens the fixture case read-only, runs `fn`, closes it. */
export async function withCase<T>(
  casePath: string,
  fn: (db: Database.Database) => Promise<T> | T,
): Promise<T> {
  const c = openCase(casePath, { readonly: true });
  try {
    return await fn(c.db);
  } finally {
    closeCase(c);
  }
}

/** Hex SHA-256 of a file. */
export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Every entry of a ZIP with its bytes, in archive order. */
export async function readZip(path: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(path, {
    lazyEntries: true,
    autoClose: false,
  });
  const out = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      const parts: Buffer[] = [];
      for await (const c of await zip.openReadStreamPromise(entry)) {
        parts.push(c as Buffer);
      }
      out.set(entry.fileName, Buffer.concat(parts));
    }
  } finally {
    zip.close();
  }
  return out;
}

/** Writes a ZIP with these entries, in order, as an attacker would. */
export async function writeZip(
  path: string,
  entries: Map<string, Buffer>,
): Promise<void> {
  const zip = new yazl.ZipFile();
  const { createWriteStream } = await import('node:fs');
  const { pipeline } = await import('node:stream/promises');
  const done = pipeline(zip.outputStream, createWriteStream(path));
  for (const [name, bytes] of entries) {
    zip.addReadStream(Readable.from([bytes]), name, { mtime: new Date(0) });
  }
  zip.end();
  await done;
}

/** Flips one byte in the middle of a buffer. */
export function flipByte(
  bytes: Buffer,
  at = Math.floor(bytes.length / 2),
): Buffer {
  const out = Buffer.from(bytes);
  out[at] = out[at] ^ 0x01;
  return out;
}
