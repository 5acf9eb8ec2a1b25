/**
 * A case at rest is one file: after the workbench wrote annotations and
 * read the case, closing it leaves rollback-journal mode and no -wal or
 * -shm file, so a copy on read-only media opens (issue #7).
 */
import {
  closeSync,
  existsSync,
  openSync,
  readSync,
  symlinkSync,
} from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseSession } from '../../src-main/api/case-session.js';
import { lockPathOf } from '../../src-main/case/case-lock.js';
import { setBookmark } from '../../src-main/query/annotations.js';
import { buildFixtureCase, type FixtureCase } from '../ui/fixture-case.js';

let fixture: FixtureCase;
beforeAll(async () => void (fixture = await buildFixtureCase()));
afterAll(() => fixture.remove());

/** The journal mode in the SQLite header: 1 rollback, 2 WAL. */
function headerMode(path: string): number[] {
  const fd = openSync(path, 'r');
  const b = Buffer.alloc(2);
  readSync(fd, b, 0, 2, 18);
  closeSync(fd);
  return [...b];
}

describe('a case the workbench wrote to', () => {
  it('is one file in rollback mode once closed', async () => {
    const s = CaseSession.open(fixture.path, { examiner: 'E' });
    setBookmark(s.writer(), 'E', 1, true);
    s.db.prepare('SELECT count(*) FROM event').get();
    await s.closeWhenIdle();
    expect(headerMode(fixture.path)).toEqual([1, 1]);
    expect(existsSync(`${fixture.path}-wal`)).toBe(false);
    expect(existsSync(`${fixture.path}-shm`)).toBe(false);
  });
});

describe('a second name for a case', () => {
  it('shares the lock of the file it links to', () => {
    const alias = `${fixture.dir}/alias.ttcase`;
    symlinkSync(fixture.path, alias);
    expect(lockPathOf(alias)).toBe(lockPathOf(fixture.path));
  });
});
