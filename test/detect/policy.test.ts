import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_POLICY } from '../../src-shared/domain.js';
import {
  closeCase,
  createCase,
  type CaseFile,
} from '../../src-main/case/case-file.js';
import { listCustody } from '../../src-main/case/custody.js';
import { applyPolicyEdit } from '../../src-main/policy/policy-edit.js';
import { validatePolicy } from '../../src-main/policy/policy-schema.js';
import { loadPolicy, savePolicy } from '../../src-main/policy/policy-store.js';
import { PolicyView } from '../../src-main/policy/policy-view.js';

describe('policy edits', () => {
  it('replaces countries and adds regions, networks, travel, thresholds',
    () => {
      const p = applyPolicyEdit(EMPTY_POLICY, {
        allowCountries: ['us', ' gb', 'IN', 'US'],
        allowRegions: ['gb:England'],
        trustedNetworks: ['203.0.113.0/24', '2001:db8::/32'],
        trustedAsns: [22616],
        travel: ['Jo@Example.com:jp:2026-10-01:2026-10-09'],
        thresholds: ['spray.minUsers=5'],
      });
      expect(validatePolicy(p)).toEqual({
        allowedCountries: ['US', 'GB', 'IN'],
        allowedRegions: { GB: ['England'] },
        trustedNetworks: ['203.0.113.0/24', '2001:db8::/32'],
        trustedAsns: [22616],
        travelExceptions: [{ user: 'jo@example.com', country: 'JP',
          from: '2026-10-01', to: '2026-10-09' }],
        thresholds: { 'spray.minUsers': 5 },
      });
    });

  it('explains a malformed travel exception or threshold', () => {
    expect(() => applyPolicyEdit(EMPTY_POLICY, { travel: ['jo:JP:soon'] }))
      .toThrow('--travel jo:JP:soon: expected user:COUNTRY:from:to');
    expect(() => applyPolicyEdit(EMPTY_POLICY, { thresholds: ['x'] }))
      .toThrow('--threshold x: expected name=number');
  });

  it('clears a field before adding to it', () => {
    const p = applyPolicyEdit({ ...EMPTY_POLICY, trustedAsns: [1, 2] },
      { clear: ['trustedAsns'], trustedAsns: [3] });
    expect(p.trustedAsns).toEqual([3]);
  });
});

describe('policy validation', () => {
  it('names every bad field and its value', () => {
    expect(() => validatePolicy({ ...EMPTY_POLICY,
      allowedCountries: ['USA'], trustedNetworks: ['10.0.0.0/33'],
      thresholds: { 'spray.users': 3 } })).toThrow(
      'invalid policy: allowedCountries[0] is not a two-letter ISO 3166 ' +
        'country code ("USA"); trustedNetworks[0] is not an IPv4 or IPv6 ' +
        'CIDR range ("10.0.0.0/33"); thresholds.spray.users is not a known ' +
        'threshold');
  });

  it('refuses a travel exception that ends before it starts', () => {
    expect(() => validatePolicy({ ...EMPTY_POLICY, travelExceptions: [
      { user: 'a@b.example', country: 'JP', from: '2026-10-09',
        to: '2026-10-01' }] }))
      .toThrow('travelExceptions[0].to ends before it starts');
  });
});

describe('policy questions', () => {
  const view = new PolicyView(validatePolicy({ ...EMPTY_POLICY,
    allowedCountries: ['US', 'GB'], allowedRegions: { GB: ['England'] },
    trustedNetworks: ['203.0.113.0/24'], trustedAsns: [22616],
    travelExceptions: [{ user: 'jo@example.com', country: 'JP',
      from: '2026-10-01', to: '2026-10-09' }] }));

  it('judges countries and regions of a partly allowed country', () => {
    expect(view.placeVerdict('US', null)).toBe('allowed');
    expect(view.placeVerdict('GB', 'England')).toBe('allowed');
    expect(view.placeVerdict('GB', 'Scotland')).toBe('outside-region');
    expect(view.placeVerdict('CN', 'Guangdong')).toBe('outside-country');
    expect(view.describeAllowed()).toBe('US, GB (England only)');
  });

  it('trusts networks and ASNs, and excuses travel inside its dates', () => {
    expect(view.isTrusted('203.0.113.7', null)).toBe(true);
    expect(view.isTrusted('198.51.100.7', 22616)).toBe(true);
    expect(view.isTrusted('198.51.100.7', 7922)).toBe(false);
    const at = (t: string) => Date.parse(t);
    expect(view.isTravelExcepted('jo@example.com', 'JP',
      at('2026-10-09T23:59:59Z'))).toBe(true);
    expect(view.isTravelExcepted('jo@example.com', 'JP',
      at('2026-10-10T00:00:00Z'))).toBe(false);
  });

  it('gives thresholds their defaults unless set', () => {
    expect(view.threshold('spray.minUsers')).toBe(10);
    expect(new PolicyView({ ...EMPTY_POLICY,
      thresholds: { 'spray.minUsers': 4 } }).threshold('spray.minUsers'))
      .toBe(4);
  });
});

describe('storing the policy', () => {
  let dir: string;
  let c: CaseFile;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tt-policy-'));
    c = createCase(join(dir, 'p.ttcase'), { caseNumber: 'P-1',
      title: 'Policy', examiner: 'Test Examiner' });
  });

  afterEach(() => {
    closeCase(c);
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs each change to custody with the fields before and after', () => {
    savePolicy(c.db, { ...EMPTY_POLICY, allowedCountries: ['US', 'GB'] },
      'Jo Examiner');
    const entry = listCustody(c.db).at(-1);
    expect([entry?.action, entry?.examiner]).toEqual(['policy.update',
      'Jo Examiner']);
    expect(entry?.details).toEqual({ changes: { allowedCountries: {
      before: [], after: ['US', 'GB'] } } });
    expect(loadPolicy(c.db).allowedCountries).toEqual(['US', 'GB']);
  });

  it('writes nothing when the policy is unchanged', () => {
    const before = listCustody(c.db).length;
    const u = savePolicy(c.db, EMPTY_POLICY, 'Jo Examiner');
    expect(u.changes).toEqual({});
    expect(listCustody(c.db)).toHaveLength(before);
  });

  it('refuses an invalid policy and keeps the stored one', () => {
    expect(() => savePolicy(c.db, { ...EMPTY_POLICY,
      allowedCountries: ['Germany'] }, 'Jo')).toThrow('invalid policy');
    expect(loadPolicy(c.db)).toEqual(EMPTY_POLICY);
  });
});
