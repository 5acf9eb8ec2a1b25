import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  APPLICATION_ID,
  closeCase,
  openCase,
  readCaseInfo,
} from '../../src-main/case/case-file.js';
import { appendCustody, listCustody } from '../../src-main/case/custody.js';
import {
  LATEST_VERSION,
  MIGRATIONS,
  migrate,
} from '../../src-main/case/migrations.js';
import { verifyCase } from '../../src-main/case/verify-case.js';
import { removeDir, tempDir } from '../import/import-helpers.js';

const dir = tempDir('tt-migrate-');
afterAll(() => removeDir(dir));

let n = 0;

/** A case file built up to schema `version` only, as older releases did. */
function caseAt(version: number): { db: Database.Database; path: string } {
  const path = join(dir, `v${version}-${++n}.ttcase`);
  const db = new Database(path);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  expect(migrate(db, version)).toBe(version);
  db.prepare(
    `INSERT INTO case_info (id, case_number, title, examiner, created_at,
       tool_version) VALUES (1, 'M-1', 'old case', 'Old Examiner',
       '2025-01-02T03:04:05.000Z', '0.0.1')`,
  ).run();
  db.transaction(() =>
    appendCustody(db, 'Old Examiner', 'case.create', { caseNumber: 'M-1' }),
  )();
  return { db, path };
}

/** An evidence item with one event, in the version 1 shape. */
function insertV1Event(db: Database.Database): void {
  db.prepare(
    `INSERT INTO evidence (id, sha256, size, original_name, original_path,
       imported_at, examiner, format, encoding, importer_version, status,
       chunk_size) VALUES (1, 'ab', 2, 'a.json', '/a.json', 'x', 'e',
       'json', 'utf-8', '1', 'complete', 1048576)`,
  ).run();
  db.prepare(
    `INSERT INTO event (id, time_ms, time_text, source, operation, category,
       result, evidence_id, byte_offset, byte_length, content_hash, row_hash)
     VALUES (7, 1700000000000, '2023-11-14T22:13:20Z', 'm365-ual',
       'FileDownloaded', 'file', 'success', 1, 0, 2, 'h', x'00')`,
  ).run();
}

function tables(db: Database.Database): string[] {
  return (
    db
      .prepare(
        `SELECT name FROM sqlite_schema WHERE type = 'table'
         AND name NOT LIKE 'event_fts_%' ORDER BY name`,
      )
      .all() as { name: string }[]
  ).map((r) => r.name);
}

/** One event, indexed for search in the six-column layout of v2-v6. */
function indexOneEvent(db: Database.Database): void {
  insertV1Event(db);
  db.prepare(`INSERT INTO event_fts (rowid, operation, actor, ip,
    user_agent, target, original) VALUES (7, 'x', 'a', '', '', '', 'o')`)
    .run();
  db.prepare('UPDATE fts_state SET indexed_through = 7').run();
}

/** The search index holds nothing and is to be built from the start. */
function expectSearchIndexEmpty(db: Database.Database): void {
  expect(db.prepare('SELECT count(*) FROM event_fts').pluck().get())
    .toBe(0);
  expect(db.prepare('SELECT indexed_through FROM fts_state').pluck().get())
    .toBe(0);
}
/** The search index has one column, holds nothing and is to be built. */
function expectOneColumnSearchEmpty(db: Database.Database): void {
  const columns = db
    .prepare("SELECT name FROM pragma_table_info('event_fts')")
    .pluck().all();
  expect(columns).toEqual(['text']);
  expectSearchIndexEmpty(db);
}

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version))
      .toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(LATEST_VERSION).toBe(8);
  });

  it('1 creates the case, evidence, event, warning and custody tables', () => {
    const { db } = caseAt(1);
    expect(tables(db)).toEqual([
      'case_info', 'custody', 'event', 'event_occurrence', 'evidence',
      'evidence_chunk', 'geo_db', 'import_warning',
    ]);
    expect(() => db.exec('UPDATE custody SET examiner = 1')).toThrow(
      'custody log is append-only',
    );
    expect(() => db.exec('DELETE FROM custody')).toThrow(
      'custody log is append-only',
    );
    expect(() =>
      db.prepare(
        `INSERT INTO geo_db (id, city_name, city_build_date, asn_name,
           asn_build_date) VALUES (1, 'a', 'b', 'c', 'd')`,
      ).run(),
    ).not.toThrow();
    expect(() =>
      db.prepare('UPDATE geo_db SET city_build_date = ?').run(Buffer.from('x')),
    ).toThrow('cannot store BLOB value in TEXT column geo_db.city_build_date');
    db.close();
  });

  it('2 adds search and annotations and keeps version 1 rows', () => {
    const { db } = caseAt(1);
    insertV1Event(db);
    expect(migrate(db, 2)).toBe(2);
    expect(tables(db)).toEqual([
      'bookmark', 'case_info', 'custody', 'event', 'event_fts',
      'event_occurrence', 'evidence', 'evidence_chunk', 'fts_state',
      'geo_db', 'import_warning', 'note', 'tag',
    ]);
    expect(db.prepare('SELECT * FROM fts_state').all()).toEqual([
      { id: 1, indexed_through: 0 },
    ]);
    db.prepare(
      `INSERT INTO tag (event_id, tag, created_at, examiner)
       VALUES (7, 'phish', 'now', 'e')`,
    ).run();
    expect(db.prepare('SELECT operation FROM event').pluck().all()).toEqual([
      'FileDownloaded',
    ]);
    db.close();
  });

  it('3 adds findings linked to events of version 2', () => {
    const { db } = caseAt(2);
    insertV1Event(db);
    expect(migrate(db, 3)).toBe(3);
    db.prepare(
      `INSERT INTO finding (id, rule_id, fingerprint, title, severity,
         technique, first_time_ms, last_time_ms, event_count, explanation,
         matched_json, created_at, updated_at)
       VALUES (1, 'r', 'f', 't', 'high', 'T1', 1, 2, 1, 'x', '{}', 'a', 'b')`,
    ).run();
    db.prepare('INSERT INTO finding_event VALUES (1, 7)').run();
    expect(db.prepare('SELECT status FROM finding').pluck().get()).toBe('open');
    expect(() =>
      db.prepare("UPDATE finding SET severity = 'extreme'").run(),
    ).toThrow(/CHECK constraint failed/);
    db.close();
  });

  it('4 adds the table of indexes set aside and keeps findings', () => {
    const { db } = caseAt(3);
    insertV1Event(db);
    db.prepare(
      `INSERT INTO finding (id, rule_id, fingerprint, title, severity,
         technique, first_time_ms, last_time_ms, event_count, explanation,
         matched_json, created_at, updated_at)
       VALUES (1, 'r', 'f', 't', 'low', 'T1', 1, 2, 1, 'x', '{}', 'a', 'b')`,
    ).run();
    expect(migrate(db, 4)).toBe(4);
    expect(tables(db)).toContain('deferred_index');
    expect(db.prepare('SELECT count(*) FROM deferred_index').pluck().get())
      .toBe(0);
    expect(db.prepare('SELECT title FROM finding').pluck().all()).toEqual([
      't',
    ]);
    db.close();
  });

  it('5 adds stale summaries that any change to the events keeps stale', () => {
    const { db } = caseAt(4);
    insertV1Event(db);
    expect(migrate(db, 5)).toBe(5);
    expect(tables(db)).toEqual(expect.arrayContaining([
      'actor_summary', 'minute_count', 'summary_state', 'time_order',
    ]));
    const state = db.prepare('SELECT fresh, events FROM summary_state');
    expect(state.get()).toEqual({ fresh: 0, events: 0 });
    db.prepare('UPDATE summary_state SET fresh = 1').run();
    db.prepare("UPDATE event SET result = 'failure' WHERE id = 7").run();
    expect(state.get()).toEqual({ fresh: 0, events: 0 });
    db.close();
  });

  it('6 empties a search index keyed by event id, to be rebuilt', () => {
    const { db } = caseAt(5);
    indexOneEvent(db);
    expect(migrate(db, 6)).toBe(6);
    expectSearchIndexEmpty(db);
    db.close();
  });

  it('7 rebuilds the search index as one column, keyed by minute', () => {
    const { db } = caseAt(6);
    indexOneEvent(db);
    expect(migrate(db, 7)).toBe(7);
    expectOneColumnSearchEmpty(db);
    db.close();
  });

  it('8 empties a search index keyed by minute, to be rebuilt', () => {
    const { db } = caseAt(7);
    insertV1Event(db);
    const minuteKey = (Math.trunc(1700000000000 / 60_000) * 2 ** 28) + 7;
    db.prepare('INSERT INTO event_fts (rowid, text) VALUES (?, ?)')
      .run(BigInt(minuteKey), 'FileDownloaded');
    db.prepare('UPDATE fts_state SET indexed_through = 7').run();
    expect(migrate(db)).toBe(8);
    expectOneColumnSearchEmpty(db);
    db.close();
  });

  it('run once: migrating a current case again changes nothing', () => {
    const { db } = caseAt(LATEST_VERSION);
    const before = tables(db);
    expect(migrate(db)).toBe(LATEST_VERSION);
    expect(tables(db)).toEqual(before);
    db.close();
  });

  it('upgrade an old case on its first writable open, not a read-only one', () => {
    const { db, path } = caseAt(1);
    db.close();
    expect(() => openCase(path, { readonly: true })).toThrow(
      `${path} uses schema 1 of an older release; upgrade it with ` +
        `\`tenant-trail index ${path}\` (or any command that writes to ` +
        'it), then open it again',
    );
    const c = openCase(path);
    expect(c.db.pragma('user_version', { simple: true })).toBe(
      LATEST_VERSION,
    );
    expect(readCaseInfo(c.db).title).toBe('old case');
    expect(listCustody(c.db).map((e) => e.action)).toEqual(['case.create']);
    expect(verifyCase(c.db).ok).toBe(true);
    closeCase(c);
  });
});
