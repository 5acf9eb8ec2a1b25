/**
 * The summaries the workbench reads instead of scanning every event
 * (issue #8): the actor list, minute counts and time positions must give
 * exactly what the scans of the event table give, and any change to the
 * events must make readers fall back to those scans until a rebuild.
 */
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseSession } from '../../src-main/api/case-session.js';
import {
  closeCase,
  openCase,
  type CaseFile,
} from '../../src-main/case/case-file.js';
import { queryHistogram } from '../../src-main/query/histogram-query.js';
import {
  refreshSummaries,
  summariesFresh,
  summarizedEventCount,
} from '../../src-main/query/summaries.js';
import {
  countTimeline,
  queryTimeline,
  type TimelinePage,
} from '../../src-main/query/timeline-query.js';
import { summarizeUsers } from '../../src-main/query/users-query.js';
import type { EventFilter } from '../../src-shared/contract.js';
import { buildFixtureCase, type FixtureCase } from '../ui/fixture-case.js';

let fixture: FixtureCase;
let c: CaseFile;
let db: Database.Database;
const noMeaning = () => null;

beforeAll(async () => {
  fixture = await buildFixtureCase();
  c = openCase(fixture.path);
  db = c.db;
});
afterAll(() => {
  closeCase(c);
  fixture.remove();
});

/** Runs fn with the summaries marked stale, so readers scan events. */
function scanned<T>(fn: () => T): T {
  db.prepare('UPDATE summary_state SET fresh = 0').run();
  try {
    return fn();
  } finally {
    db.prepare('UPDATE summary_state SET fresh = 1').run();
  }
}

function ids(p: TimelinePage, manyHits?: number): number[] {
  return queryTimeline(db, p, noMeaning, manyHits).rows.map((r) => r.id);
}

const total = () =>
  db.prepare('SELECT count(*) FROM event').pluck().get() as number;

describe('summaries of the fixture case', () => {
  it('are fresh after the import and count every event', () => {
    expect(summariesFresh(db)).toBe(true);
    expect(total()).toBe(13);
    expect(summarizedEventCount(db)).toBe(13);
    expect(countTimeline(db, {})).toBe(13);
    expect(scanned(() => countTimeline(db, {}))).toBe(13);
  });

  it('list the same users as a scan of the events', () => {
    const fast = summarizeUsers(db);
    expect(fast).toEqual(scanned(() => summarizeUsers(db)));
    expect(fast).toHaveLength(4);
    const alice = fast.find((u) => u.user === 'alice@contoso.com');
    expect(alice).toEqual({
      user: 'alice@contoso.com', events: 7,
      firstMs: Date.parse('2025-03-10T08:00:00Z'),
      lastMs: Date.parse('2025-03-11T07:30:00Z'),
      countries: ['GB', 'IR', 'US'], ips: 3, failedSignIns: 1,
    });
  });

  it('page the unfiltered timeline by position as OFFSET does', () => {
    for (const descending of [false, true]) {
      for (const [start, end] of [[0, 5], [3, 9], [10, 20], [12, 13],
        [13, 20]]) {
        const p: TimelinePage = {
          filter: {}, sort: { column: 'time', descending },
          startRow: start, endRow: end,
        };
        expect(ids(p)).toEqual(scanned(() => ids(p)));
      }
    }
    const last = queryTimeline(db, {
      filter: {}, startRow: 10, endRow: 20,
    }, noMeaning);
    expect(last.rows).toHaveLength(3);
    expect(last.lastRow).toBe(13);
  });

  it('count per bucket as the event table does, time filters too', () => {
    const at = (t: string) => Date.parse(`2025-03-10T${t}Z`);
    const filters: [EventFilter, number][] = [
      [{}, 13],
      [{ toMs: at('08:00:30') }, 1],
      [{ fromMs: at('08:00:00.001') }, 12],
      [{ fromMs: at('07:59:45'), toMs: at('10:00:20') }, 7],
      [{ fromMs: at('08:00:00'), toMs: at('08:00:20') }, 1],
    ];
    for (const [f, n] of filters) {
      expect(countTimeline(db, f)).toBe(n);
      for (const buckets of [10, 60, 500]) {
        const fast = queryHistogram(db, f, buckets);
        expect(fast).toEqual(scanned(() => queryHistogram(db, f, buckets)));
        expect(fast.total).toBe(countTimeline(db, f));
      }
    }
    expect(queryHistogram(db, {}, 60).total).toBe(13);
  });

  it('search by the time-keyed index gives the pages of sorting hits', () => {
    for (const descending of [false, true]) {
      const p: TimelinePage = {
        filter: { search: 'alice' }, sort: { column: 'time', descending },
        startRow: 1, endRow: 5,
      };
      const sorted = ids(p);
      expect(sorted).toHaveLength(4);
      expect(ids(p, 0)).toEqual(sorted);
    }
  });
});

describe('staleness', () => {
  it('any change to the events marks the summaries stale', () => {
    const row = db.prepare('SELECT max(id) FROM event').pluck().get();
    db.prepare('UPDATE event SET actor = actor WHERE id = ?').run(row);
    expect(summariesFresh(db)).toBe(false);
    expect(summarizedEventCount(db)).toBeNull();
    expect(refreshSummaries(db)).toBe(true);
    expect(refreshSummaries(db)).toBe(false);
    db.prepare('UPDATE event SET conflict = conflict WHERE id = ?').run(row);
    expect(summariesFresh(db)).toBe(true);
    db.prepare('DELETE FROM event_occurrence WHERE event_id = ?').run(row);
    db.prepare('DELETE FROM event WHERE id = ?').run(row);
    expect(summariesFresh(db)).toBe(false);
    expect(countTimeline(db, {})).toBe(12);
    expect(refreshSummaries(db)).toBe(true);
    expect(countTimeline(db, {})).toBe(12);
    expect(summarizeUsers(db)).toEqual(scanned(() => summarizeUsers(db)));
  });
});

describe('a writable workbench session', () => {
  it('rebuilds stale summaries when it opens the case', () => {
    db.prepare('UPDATE summary_state SET fresh = 0').run();
    closeCase(c);
    const read = CaseSession.open(fixture.path);
    expect(summariesFresh(read.db)).toBe(false);
    read.close();
    const s = CaseSession.open(fixture.path, { writable: true });
    expect(summariesFresh(s.db)).toBe(true);
    expect(countTimeline(s.db, {})).toBe(12);
    s.close();
    c = openCase(fixture.path);
    db = c.db;
  });
});
