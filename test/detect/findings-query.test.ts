import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventIdsInFindings,
  findingDetail,
  findingsForUser,
  inFindingCondition,
  listFindings,
} from '../../src-main/detect/findings-query.js';
import { buildCase, detect, type DetectCase } from './detect-fixture.js';

let c: DetectCase;

beforeAll(async () => {
  c = await buildCase(['sign-in-location.jsonl']);
  detect(c.db, ['signin-outside-allowed', 'hosting-network-signin']);
});

afterAll(() => c.close());

describe('listing findings', () => {
  it('puts the most severe first and counts all matches', () => {
    const page = listFindings(c.db, { limit: 2 });
    expect(page.total).toBe(5);
    expect(page.findings.map((f) => [f.severity, f.ruleId, f.actor]))
      .toEqual([
        ['high', 'signin-outside-allowed', 'alice@contoso.example'],
        ['high', 'signin-outside-allowed', 'frank@contoso.example'],
      ]);
  });

  it('filters by severity, rule, user and status', () => {
    const ids = (p: Parameters<typeof listFindings>[1]) =>
      listFindings(c.db, p).findings.map((f) => `${f.ruleId} ${f.actor}`);
    expect(ids({ severity: ['low'] })).toEqual([
      'hosting-network-signin gina@contoso.example']);
    expect(ids({ actor: 'Frank@Contoso.example', sort: 'rule' })).toEqual([
      'hosting-network-signin frank@contoso.example',
      'signin-outside-allowed frank@contoso.example']);
    expect(ids({ status: ['reviewed'] })).toEqual([]);
  });
});

describe('a finding and its events', () => {
  it('returns the events it rests on in time order', () => {
    const [f] = listFindings(c.db, { ruleId: 'signin-outside-allowed',
      actor: 'alice@contoso.example', sort: 'time' }).findings;
    const d = findingDetail(c.db, f.id);
    expect(d?.eventTotal).toBe(2);
    expect(d?.events.map((e) => [e.recordId, e.timeUtc, e.geo.country]))
      .toEqual([
        ['loc-alice-cn', '2026-03-10T02:00:00.000Z', 'CN'],
        ['loc-alice-cn-ual', '2026-03-10T02:00:02.000Z', 'CN'],
      ]);
    expect(findingDetail(c.db, 9999)).toBeNull();
  });

  it('gives a user page its findings and the timeline its filter', () => {
    expect(findingsForUser(c.db, 'ALICE@contoso.example').map((f) =>
      f.matched.country)).toEqual(['CN', 'GB']);
    const ids = eventIdsInFindings(c.db, { severity: ['low'] });
    expect(ids).toHaveLength(1);
    const cond = inFindingCondition({ severity: ['low'] });
    const rows = c.db.prepare(`SELECT record_id FROM event WHERE ${cond.sql}`)
      .pluck().all(...cond.params);
    expect(rows).toEqual(['loc-gina-hosting-fail']);
  });
});
