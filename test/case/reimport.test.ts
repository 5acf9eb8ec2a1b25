import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeCase } from '../../src-main/case/case-file.js';
import { listCustody } from '../../src-main/case/custody.js';
import { verifyCase } from '../../src-main/case/verify-case.js';
import {
  fixture,
  importInto,
  newCase,
  removeDir,
  tempDir,
} from '../import/import-helpers.js';

const dir = tempDir('tt-reimport-');
afterAll(() => removeDir(dir));

function count(db: import('better-sqlite3').Database, table: string): number {
  return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

describe('importing the same bytes again', () => {
  it('adds nothing, says so and records the attempt', async () => {
    const c = newCase(dir);
    const path = fixture('formats', 'purview-export.csv');
    const copy = join(dir, 'renamed-copy.csv');
    copyFileSync(path, copy);
    const first = await importInto(c, path);
    const tables = ['evidence', 'evidence_chunk', 'event', 'import_warning',
      'event_occurrence'];
    const before = tables.map((t) => count(c.db, t));

    const again = await importInto(c, path);
    const renamed = await importInto(c, copy);

    for (const s of [again, renamed]) {
      expect(s).toMatchObject({
        status: 'already-imported',
        evidenceId: first.evidenceId,
        sha256: first.sha256,
        counts: { read: 0, imported: 0, duplicates: 0, rejected: 0 },
        message: `same bytes as evidence item ${first.evidenceId} ` +
          '(purview-export.csv); nothing added',
      });
    }
    expect(tables.map((t) => count(c.db, t))).toEqual(before);
    const log = listCustody(c.db);
    expect(log.map((e) => e.action)).toEqual([
      'case.create', 'import', 'import.skipped', 'import.skipped',
    ]);
    expect(log[3].details).toEqual({
      file: 'renamed-copy.csv',
      sha256: first.sha256,
      reason: `same bytes as evidence item ${first.evidenceId}`,
    });
    expect(verifyCase(c.db).ok).toBe(true);
    closeCase(c);
  });
});
