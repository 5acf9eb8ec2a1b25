/**
 * The bench's bundle scope (issue #8): a bundle of "the first n events"
 * must hold no more than n events, all of them earlier than the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstEvents } from '../../bench/bench-tasks.js';
import {
  closeCase,
  openCase,
  type CaseFile,
} from '../../src-main/case/case-file.js';
import { buildFixtureCase } from '../ui/fixture-case.js';

let c: CaseFile;

beforeAll(async () => {
  c = openCase((await buildFixtureCase()).path, { readonly: true });
});
afterAll(() => closeCase(c));

function timesUpTo(toMs: number): number[] {
  return c.db
    .prepare('SELECT time_ms FROM event WHERE time_ms <= ? ORDER BY 1')
    .pluck()
    .all(toMs) as number[];
}

describe('firstEvents', () => {
  it('is the whole case when the case is small enough', () => {
    const n = c.db.prepare('SELECT count(*) FROM event').pluck().get();
    expect(firstEvents(c.db, n as number)).toEqual({});
  });

  it('ends just before the next event in time', () => {
    const times = c.db
      .prepare('SELECT time_ms FROM event ORDER BY 1')
      .pluck()
      .all() as number[];
    const scope = firstEvents(c.db, 5);
    expect(scope).toEqual({ toMs: times[5] - 1 });
    expect(timesUpTo(scope.toMs as number)).toEqual(times.slice(0, 5));
  });
});
