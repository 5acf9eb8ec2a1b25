import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listCustody } from '../../src-main/case/custody.js';
import { findingDetail } from '../../src-main/detect/findings-query.js';
import { reviewFinding } from '../../src-main/detect/review-finding.js';
import {
  listField,
  nameValueMap,
} from '../../src-main/detect/record-fields.js';
import { ruleById } from '../../src-main/detect/rules/index.js';
import { runDetections } from '../../src-main/detect/run-detections.js';
import { importFile } from '../../src-main/import/import-file.js';
import { savePolicy } from '../../src-main/policy/policy-store.js';
import {
  buildCase,
  detect,
  findingsOf,
  FIXTURE_POLICY,
  FIXTURES,
  fixtureGeo,
  type DetectCase,
} from './detect-fixture.js';

let c: DetectCase;

beforeEach(async () => {
  c = await buildCase(['sign-in-location.jsonl']);
});

afterEach(() => c.close());

const RULE = 'signin-outside-allowed';
const CN = 'signin-outside-allowed:alice@contoso.example|CN|2026-03-10';
const count = (sql: string) =>
  (c.db.prepare(sql).pluck().get() as number);

function byFingerprint(fp: string) {
  const f = findingsOf(c.db, RULE).find((x) => x.fingerprint === fp);
  if (!f) throw new Error(`no finding ${fp}`);
  return f;
}

describe('running detection again', () => {
  it('changes nothing when nothing changed', () => {
    const first = detect(c.db);
    const findings = count('SELECT count(*) FROM finding');
    const links = count('SELECT count(*) FROM finding_event');
    const second = detect(c.db);
    expect(first.added).toBe(findings);
    expect(second).toMatchObject({ added: 0, updated: 0,
      unchanged: findings, withdrawn: 0 });
    expect(count('SELECT count(*) FROM finding')).toBe(findings);
    expect(count('SELECT count(*) FROM finding_event')).toBe(links);
  });

  it('after a new import, updates the finding in place', async () => {
    detect(c.db, [RULE]);
    const before = byFingerprint(CN);
    await importFile(c.case, `${FIXTURES}sign-in-location-more.jsonl`,
      { geo: fixtureGeo() });
    const run = detect(c.db, [RULE]);
    expect(run).toMatchObject({ added: 0, updated: 1, unchanged: 2,
      withdrawn: 0 });
    const after = byFingerprint(CN);
    expect(after.id).toBe(before.id);
    expect(after.records).toEqual(['loc-alice-cn', 'loc-alice-cn-ual',
      'loc-alice-cn-later']);
    expect([after.eventCount, after.firstTime, after.lastTime]).toEqual([3,
      '2026-03-10T02:00:00.000Z', '2026-03-10T05:00:00.000Z']);
    expect(findingsOf(c.db, RULE)).toHaveLength(3);
  });

  it('withdraws an open finding the policy now excuses', () => {
    detect(c.db, [RULE]);
    savePolicy(c.db, { ...FIXTURE_POLICY, travelExceptions: [
      ...FIXTURE_POLICY.travelExceptions,
      { user: 'alice@contoso.example', country: 'CN', from: '2026-03-10',
        to: '2026-03-10' }] }, 'Test Examiner');
    const run = detect(c.db, [RULE]);
    expect(run).toMatchObject({ added: 0, withdrawn: 1, unchanged: 2 });
    expect(findingsOf(c.db, RULE).map((f) => f.fingerprint))
      .not.toContain(CN);
    expect(count(`SELECT count(*) FROM finding_event WHERE finding_id
      NOT IN (SELECT id FROM finding)`)).toBe(0);
  });

  it('keeps a reviewed finding, with its verdict, across runs', () => {
    detect(c.db, [RULE]);
    const glasgow = 'signin-outside-allowed:alice@contoso.example|GB|' +
      '2026-03-12';
    const id = byFingerprint(glasgow).id;
    reviewFinding(c.db, id, 'false-positive', 'site visit in Glasgow',
      'Test Examiner', new Date('2026-12-02T10:00:00Z'));
    detect(c.db, [RULE]);
    savePolicy(c.db, { ...FIXTURE_POLICY,
      allowedRegions: { GB: ['England', 'Scotland'] } }, 'Test Examiner');
    const run = detect(c.db, [RULE]);
    expect(run.withdrawn).toBe(0);
    const kept = byFingerprint(glasgow);
    expect([kept.id, kept.status, kept.reviewNote]).toEqual([id,
      'false-positive', 'site visit in Glasgow']);
  });

  it('records every run in the custody log', () => {
    detect(c.db, [RULE]);
    const last = listCustody(c.db).at(-1);
    expect(last?.action).toBe('detect.run');
    expect(last?.examiner).toBe('Test Examiner');
    expect(last?.details).toEqual({ rules: 1, findingsAdded: 3,
      findingsUpdated: 0, findingsUnchanged: 0, findingsWithdrawn: 0,
      changed: [{ rule: RULE, added: 3, updated: 0, withdrawn: 0 }] });
  });
});

describe('reviewing a finding', () => {
  it('stores the verdict and note and logs both to custody', () => {
    detect(c.db, [RULE]);
    const id = byFingerprint(CN).id;
    reviewFinding(c.db, id, 'reviewed', 'confirmed with HR: employee ' +
      'abroad', 'Jo Examiner', new Date('2026-12-02T10:00:00Z'));
    const d = findingDetail(c.db, id);
    expect([d?.finding.status, d?.finding.reviewNote,
      d?.finding.updatedAt]).toEqual(['reviewed',
      'confirmed with HR: employee abroad', '2026-12-02T10:00:00.000Z']);
    expect(d?.events.map((e) => e.recordId)).toEqual(['loc-alice-cn',
      'loc-alice-cn-ual']);
    const entry = listCustody(c.db).at(-1);
    expect([entry?.action, entry?.examiner]).toEqual(['finding.review',
      'Jo Examiner']);
    expect(entry?.details).toEqual({ findingId: id, ruleId: RULE,
      fingerprint: CN, from: 'open', to: 'reviewed',
      note: 'confirmed with HR: employee abroad' });
  });

  it('refuses an unknown finding and an unknown status', () => {
    expect(() => reviewFinding(c.db, 999, 'reviewed', 'x', 'Jo'))
      .toThrow('no finding with id 999');
    detect(c.db, [RULE]);
    const id = byFingerprint(CN).id;
    expect(() => reviewFinding(c.db, id, 'done' as 'reviewed', 'x', 'Jo'))
      .toThrow("status must be one of open, reviewed, false-positive, not " +
        "'done'");
  });
});

describe('a rule that fails on a record', () => {
  it('is noted and skipped; the other rules run, its findings stay', () => {
    detect(c.db);
    const before = count(`SELECT count(*) FROM finding
      WHERE rule_id = '${RULE}'`);
    expect(before).toBeGreaterThan(0);
    const boom = { id: RULE, title: 'x', severity: 'high' as const,
      technique: 'T0', description: 'x',
      run: () => { throw new TypeError('props.find is not a function'); } };
    const run = runDetections(c.db, { examiner: 'Test Examiner',
      rules: [boom, ruleById('first-seen-country')!],
      now: new Date('2026-12-02T00:00:00Z') });
    expect(run.rules.map((r) => [r.ruleId, r.notes])).toEqual([
      [RULE, ['the rule failed and was skipped (its earlier findings are ' +
        'kept): props.find is not a function']],
      ['first-seen-country', ['not enough history: the case covers 2.8 ' +
        'days; first-seen rules need 7 (firstSeen.minHistoryDays)']],
    ]);
    expect(run.rules[0]).toMatchObject({ added: 0, withdrawn: 0 });
    expect(count(`SELECT count(*) FROM finding WHERE rule_id = '${RULE}'`))
      .toBe(before);
  });
});

describe('list fields written as JSON text (Sentinel rows)', () => {
  it('reads OperationProperties given as a string', () => {
    const d = { OperationProperties:
      '[{"Name":"IsThrottled","Value":"True"},{"Name":"x","Value":1}]' };
    expect([...nameValueMap(d, 'OperationProperties')]).toEqual([
      ['isthrottled', 'True'], ['x', '1']]);
    expect(listField('[not json')).toEqual([]);
    expect(listField('plain text')).toEqual([]);
    expect(listField({ Name: 'a' })).toEqual([]);
  });
});
