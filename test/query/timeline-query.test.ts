/**
 * The query layer of the workbench (issue #4): filters translated to
 * SQL with bound parameters, paging by row numbers, and sorting with a
 * stable tie-break, on the fixture case.
 */
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeCase,
  openCase,
  type CaseFile,
} from '../../src-main/case/case-file.js';
import { buildOrder } from '../../src-main/query/events-query.js';
import { ftsQuery } from '../../src-main/search/search-index.js';
import {
  countTimeline,
  queryTimeline,
  timelineWhere,
} from '../../src-main/query/timeline-query.js';
import { buildFindingsCase, type FixtureCase } from '../ui/fixture-case.js';

let fixture: FixtureCase;
let c: CaseFile;
let db: Database.Database;
const noMeaning = () => null;

beforeAll(async () => {
  fixture = await buildFindingsCase();
  c = openCase(fixture.path, { readonly: true });
  db = c.db;
});
afterAll(() => {
  closeCase(c);
  fixture.remove();
});

describe('filters to SQL', () => {
  it('binds every value as a parameter, never into the text', () => {
    const w = timelineWhere({
      user: 'Alice@Contoso.com', country: 'ir', operation: "x' OR 1=1 --",
      asn: 16322, findingId: 4, inFinding: true, bookmarked: true,
      tag: 'exfiltration',
    }, 'fts');
    expect(w.sql).toBe('WHERE actor = ? AND country = ? AND operation = ? ' +
      'AND asn = ? AND id IN (SELECT event_id FROM bookmark) AND id IN ' +
      '(SELECT event_id FROM finding_event WHERE finding_id = ?) AND id IN ' +
      '(SELECT event_id FROM finding_event) AND id IN (SELECT event_id ' +
      'FROM tag WHERE tag = ?)');
    expect(w.params).toEqual(['alice@contoso.com', 'IR', "x' OR 1=1 --",
      16322, 4, 'exfiltration']);
  });

  it('searches the full-text index, or LIKE with wildcards escaped', () => {
    expect(timelineWhere({ search: 'Edg' }, 'fts')).toEqual({
      sql: 'WHERE id IN (SELECT (rowid & 268435455) FROM event_fts WHERE ' +
        'event_fts MATCH ?)', params: ['"Edg"'] });
    const like = timelineWhere({ search: '50%_off' }, 'like');
    expect(like.params[0]).toBe('%50\\%\\_off%');
    expect(timelineWhere({ search: 'Edg*' }, 'like').params[0]).toBe('%Edg%');
    expect(like.params).toHaveLength(9);
  });

  it('matches whole words; a trailing * asks for words beginning so', () => {
    expect(ftsQuery('10.0.0.1')).toBe('"10.0.0.1"');
    expect(ftsQuery('Edg* "New-InboxRule"')).toBe(
      '"Edg" * AND "New-InboxRule"');
    expect(ftsQuery('"forward to"* **')).toBe('"forward to" *');
    expect(ftsQuery('* " ')).toBeNull();
  });

  it('never finds an IP address by a shorter one', () => {
    const count = (search: string) => countTimeline(db, { search });
    expect(count('77.77.77.7')).toBe(0);
    expect(count('77.77.77.7*')).toBe(count('77.77.77.77'));
    expect(count('77.77.77.77')).toBe(5);
  });

  it('has no WHERE without filters', () => {
    expect(timelineWhere({}, 'fts')).toEqual({ sql: '', params: [] });
  });
});

describe('sorting and paging', () => {
  it('breaks ties by time, then id, in the same direction', () => {
    expect(buildOrder({ sort: 'user', descending: true, limit: 50,
      offset: 100 })).toEqual({
      sql: 'ORDER BY actor DESC, time_ms DESC, id DESC LIMIT ? OFFSET ?',
      params: [50, 100] });
    expect(buildOrder({ limit: 10 }).sql)
      .toBe('ORDER BY time_ms ASC, id ASC LIMIT ? OFFSET ?');
  });

  it('pages the timeline by row numbers and says where it ends', () => {
    const all = queryTimeline(db, { filter: {}, startRow: 0, endRow: 100 },
      noMeaning);
    expect(all.rows).toHaveLength(13);
    expect(all.lastRow).toBe(13);
    const page = queryTimeline(db, { filter: {}, startRow: 4, endRow: 8 },
      noMeaning);
    expect(page.rows.map((r) => r.id)).toEqual(
      all.rows.slice(4, 8).map((r) => r.id));
    expect(page.lastRow).toBeNull();
    const times = all.rows.map((r) => r.timeMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('sorts on a column, descending', () => {
    const r = queryTimeline(db, { filter: {}, startRow: 0, endRow: 100,
      sort: { column: 'country', descending: true } }, noMeaning);
    const countries = r.rows.map((x) => x.country ?? '');
    expect(countries).toEqual([...countries].sort().reverse());
  });

  it("keeps exactly a finding's events", () => {
    const ids = db.prepare(
      `SELECT event_id FROM finding_event WHERE finding_id = 4
       ORDER BY event_id`).pluck().all();
    const r = queryTimeline(db, { filter: { findingId: 4 }, startRow: 0,
      endRow: 100 }, noMeaning);
    expect(r.rows.map((x) => x.id).sort((a, b) => a - b)).toEqual(ids);
    expect(ids).toHaveLength(2);
    expect(countTimeline(db, { inFinding: true })).toBe(6);
    expect(countTimeline(db, { user: 'alice@contoso.com', country: 'IR' }))
      .toBe(5);
  });
});
