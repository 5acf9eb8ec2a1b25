import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeCase,
  createCase,
  openCase,
} from '../../src-main/case/case-file.js';
import {
  GENESIS_HASH,
  listCustody,
  verifyCustodyChain,
} from '../../src-main/case/custody.js';
import { verifyCase } from '../../src-main/case/verify-case.js';
import {
  HASHED_COLUMNS,
  rowHash,
} from '../../src-main/import/event-writer.js';
import type { ImportSummary } from '../../src-main/import/import-file.js';
import {
  fixture,
  importInto,
  removeDir,
  tempDir,
} from '../import/import-helpers.js';

const dir = tempDir('tt-verify-');
afterAll(() => removeDir(dir));

const UAL = fixture('formats', 'purview-export.csv');
const SIGNINS = fixture('formats', 'graph-signins-v1.json');

let original: string;
let ual: ImportSummary;

beforeAll(async () => {
  original = join(dir, 'original.ttcase');
  const c = createCase(original, {
    caseNumber: 'V-1',
    title: 'verify',
    examiner: 'Examiner One',
  });
  ual = await importInto(c, UAL);
  await importInto(c, SIGNINS);
  closeCase(c);
});

let n = 0;

/** A copy of the verified case, changed by `tamper` with raw SQL. */
function tampered(tamper: (db: Database.Database) => void): string[] {
  const path = join(dir, `t${++n}.ttcase`);
  copyFileSync(original, path);
  const db = new Database(path);
  tamper(db);
  db.close();
  const c = openCase(path, { readonly: true });
  const v = verifyCase(c.db);
  closeCase(c);
  expect(v.ok).toBe(v.problems.length === 0);
  return v.problems;
}

function firstEvent(db: Database.Database, evidenceId = 1) {
  return db
    .prepare(
      'SELECT id, line FROM event WHERE evidence_id = ? ORDER BY id LIMIT 1',
    )
    .get(evidenceId) as { id: number; line: number };
}

describe('verify-case on an untouched case', () => {
  it('passes and says what it checked', () => {
    const c = openCase(original, { readonly: true });
    const v = verifyCase(c.db);
    closeCase(c);
    expect(ual.counts.imported).toBe(3);
    expect(v).toEqual({
      ok: true,
      problems: [],
      checked: { custodyEntries: 3, evidenceItems: 2, events: 5 },
    });
  });

  it('chains each custody entry to the one before', () => {
    const c = openCase(original, { readonly: true });
    const log = listCustody(c.db);
    closeCase(c);
    expect(log.map((e) => e.action)).toEqual([
      'case.create', 'import', 'import',
    ]);
    expect(log[0].prevHash).toBe(GENESIS_HASH);
    expect(log[1].prevHash).toBe(log[0].hash);
    expect(log[2].prevHash).toBe(log[1].hash);
    expect(log[1].details).toMatchObject({
      file: 'purview-export.csv',
      counts: { read: 3, imported: 3, duplicates: 0, rejected: 0 },
    });
  });
});

describe('verify-case names what was tampered with', () => {
  it('a custody entry whose details were edited', () => {
    const problems = tampered((db) => {
      db.exec('DROP TRIGGER custody_no_update');
      db.prepare(
        `UPDATE custody SET details = json_set(details,
           '$.counts.imported', 2) WHERE seq = 2`,
      ).run();
    });
    expect(problems).toEqual(['custody entry 2 (import): hash mismatch']);
  });

  it('a custody entry that was removed', () => {
    const problems = tampered((db) => {
      db.exec('DROP TRIGGER custody_no_delete');
      db.prepare('DELETE FROM custody WHERE seq = 2').run();
    });
    expect(problems).toEqual([
      'custody entry 3: expected sequence 2',
      'custody entry 3: does not follow entry 1',
      'evidence 1 (purview-export.csv): no import entry in the custody log',
    ]);
  });

  it('one changed byte of stored evidence', () => {
    const problems = tampered((db) => {
      const row = db
        .prepare(
          'SELECT data FROM evidence_chunk WHERE evidence_id = 1 AND seq = 0',
        )
        .get() as { data: Buffer };
      const raw = inflateRawSync(row.data);
      raw[raw.length - 5] ^= 0x01;
      db.prepare(
        'UPDATE evidence_chunk SET data = ? WHERE evidence_id = 1 AND seq = 0',
      ).run(deflateRawSync(raw));
    });
    expect(problems).toEqual([
      `evidence 1 (purview-export.csv): stored bytes no longer hash to ` +
        ual.sha256,
    ]);
  });

  it('a stored evidence chunk that was deleted', () => {
    const problems = tampered((db) =>
      db.prepare('DELETE FROM evidence_chunk WHERE evidence_id = 2').run(),
    );
    expect(problems).toEqual([
      'evidence 2 (graph-signins-v1.json): stored bytes no longer hash to ' +
        listHashOf(2),
    ]);
  });

  it('an event row whose user was edited', () => {
    let id = 0;
    let line = 0;
    const problems = tampered((db) => {
      ({ id, line } = firstEvent(db));
      db.prepare("UPDATE event SET actor = 'someone@else' WHERE id = ?")
        .run(id);
    });
    expect(problems).toEqual([
      `event ${id} (evidence 1, line ${line}): stored values no longer ` +
        'match its row hash',
    ]);
  });

  it('an event row edited together with a valid row hash', () => {
    const problems = tampered((db) => {
      const { id } = firstEvent(db, 2);
      db.prepare("UPDATE event SET actor = 'someone@else' WHERE id = ?")
        .run(id);
      const values = db
        .prepare(`SELECT ${HASHED_COLUMNS.join(', ')} FROM event WHERE id = ?`)
        .raw(true)
        .get(id) as unknown[];
      db.prepare('UPDATE event SET row_hash = ? WHERE id = ?')
        .run(rowHash(values), id);
    });
    expect(problems).toEqual([
      'evidence 2 (graph-signins-v1.json): its events differ from those ' +
        'recorded at import (rows added, removed or changed)',
    ]);
  });

  it('an event row that was deleted, and one that was added', () => {
    const problems = tampered((db) => {
      db.prepare('DELETE FROM event WHERE id = 2').run();
      db.prepare(
        `INSERT INTO event SELECT 99, time_ms, time_text, source, workload,
           operation, category, result, result_code, actor, actor_original,
           actor_id, target, ip, ip_original, port, user_agent, client_app,
           session_id, correlation_id, record_id, tenant_id, country, region,
           city, lat, lon, asn, as_org, geo_db_id, source_location,
           evidence_id, byte_offset, byte_length, line, row, dedupe_key,
           content_hash, row_hash, conflict, details
         FROM event WHERE id = 4`,
      ).run();
    });
    expect(problems).toEqual([
      'event 2 of evidence 1 (purview-export.csv) is missing: deleted after ' +
        'import',
      'event 99 in evidence 2 (graph-signins-v1.json) was not there at ' +
        'import: added later',
    ]);
  });

  it('an evidence item whose import never completed', () => {
    const problems = tampered((db) =>
      db.prepare("UPDATE evidence SET status = 'importing' WHERE id = 2")
        .run(),
    );
    expect(problems).toEqual([
      'evidence 2 (graph-signins-v1.json): import never completed',
    ]);
  });
});

describe('verifyCustodyChain', () => {
  it('reports entries that were reordered', () => {
    const c = openCase(original, { readonly: true });
    const log = listCustody(c.db);
    closeCase(c);
    expect(verifyCustodyChain([log[0], log[2], log[1]])).toEqual([
      'custody entry 3: expected sequence 2',
      'custody entry 3: does not follow entry 1',
      'custody entry 2: expected sequence 3',
      'custody entry 2: does not follow entry 2',
    ]);
  });
});

function listHashOf(evidenceId: number): string {
  const c = openCase(original, { readonly: true });
  const r = c.db
    .prepare('SELECT sha256 FROM evidence WHERE id = ?')
    .get(evidenceId) as { sha256: string };
  closeCase(c);
  return r.sha256;
}
