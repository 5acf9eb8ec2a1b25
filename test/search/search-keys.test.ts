/**
 * The time-keyed search index (issue #8): a search's first pages are
 * read from the index in time order and must equal, row for row, the
 * pages SQL gives by sorting every hit, also where many events share an
 * hour (one key bucket) and their ids run against their times.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeCase,
  createCase,
  type CaseFile,
} from '../../src-main/case/case-file.js';
import { importFile } from '../../src-main/import/import-file.js';
import { refreshSummaries } from '../../src-main/query/summaries.js';
import {
  countTimeline,
  queryTimeline,
} from '../../src-main/query/timeline-query.js';
import { buildSearchIndex } from '../../src-main/search/search-index.js';

const RECORDS = 60;
let dir: string;
let c: CaseFile;

// 25 records an hour, three to a second; within an hour the file
// order (and so the ids) runs against the time. Every third one is a
// rule change.
function record(i: number): string {
  const hour = 9 + Math.floor(i / 25);
  const second = String(59 - Math.floor((i % 25) / 3)).padStart(2, '0');
  const ms = String(999 - ((i * 379) % 1000)).padStart(3, '0');
  return JSON.stringify({
    CreationTime: `2025-03-10T${String(hour).padStart(2, '0')}:20:` +
      `${second}.${ms}`,
    Id: `c3000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    Operation: i % 3 === 0 ? 'Set-InboxRule' : 'MailItemsAccessed',
    RecordType: 1, Workload: 'Exchange', UserId: 'alice@contoso.com',
    ClientIP: `198.51.100.${i}`,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tt-keys-'));
  const file = join(dir, 'ual.jsonl');
  const lines = Array.from({ length: RECORDS }, (_, i) => record(i));
  writeFileSync(file, `${lines.join('\n')}\n`);
  c = createCase(join(dir, 'keys.ttcase'), {
    caseNumber: 'K-1', title: 'keys', examiner: 'Test Examiner',
  });
  await importFile(c, file);
  refreshSummaries(c.db);
  buildSearchIndex(c.db);
});
afterAll(() => {
  closeCase(c);
  rmSync(dir, { recursive: true, force: true });
});

function page(search: string, start: number, end: number, desc: boolean,
  keyRows?: number): number[] {
  return queryTimeline(c.db, {
    filter: { search }, sort: { column: 'time', descending: desc },
    startRow: start, endRow: end,
  }, () => null, keyRows).rows.map((r) => r.id);
}

describe('search pages from the time-keyed index', () => {
  it('equal the pages of sorting every hit, at every offset', () => {
    for (const search of ['MailItemsAccessed', 'alice', 'Set-InboxRule']) {
      const n = countTimeline(c.db, { search });
      for (const desc of [false, true]) {
        for (let start = 0; start < n; start += 3) {
          for (const size of [1, 4, 10]) {
            expect(page(search, start, start + size, desc))
              .toEqual(page(search, start, start + size, desc, 0));
          }
        }
      }
    }
  });

  it('come in time order, ties by id', () => {
    const ids = page('MailItemsAccessed', 0, 100, false);
    const sorted = c.db
      .prepare(`SELECT id FROM event WHERE operation = 'MailItemsAccessed'
        ORDER BY time_ms, id`)
      .pluck()
      .all();
    expect(ids).toHaveLength(40);
    expect(ids).toEqual(sorted);
    expect(page('MailItemsAccessed', 0, 100, true))
      .toEqual([...sorted].reverse());
    expect(countTimeline(c.db, { search: 'Set-InboxRule' })).toBe(20);
  });
});

describe('the index as built', () => {
  it('merges segments sixteen at a time', () => {
    const v = c.db
      .prepare("SELECT v FROM event_fts_config WHERE k = 'automerge'")
      .pluck()
      .get();
    expect(v).toBe(16);
  });

  it('finds the same events when built one event per batch', () => {
    c.db.exec(`DELETE FROM event_fts;
      UPDATE fts_state SET indexed_through = 0`);
    expect(buildSearchIndex(c.db, undefined, 1)).toBe(RECORDS);
    const ids = page('alice', 0, 100, false);
    expect(ids).toHaveLength(RECORDS);
    expect(page('Set-InboxRule', 0, 100, false)).toEqual(c.db
      .prepare(`SELECT id FROM event WHERE operation = 'Set-InboxRule'
        ORDER BY time_ms, id`)
      .pluck()
      .all());
  });
});
