import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  brief,
  buildCase,
  detect,
  findingsOf,
  type DetectCase,
} from './detect-fixture.js';

let c: DetectCase;

beforeAll(async () => {
  c = await buildCase(['identity.jsonl']);
  detect(c.db);
});

afterAll(() => c.close());

const ADMIN = 'admin@contoso.example';
const summary = (rule: string) =>
  findingsOf(c.db, rule).map((f) => [f.severity, f.actor, f.records]);

describe('privileged-role-assigned', () => {
  it('one finding per assignment (audit + UAL copy); non-privileged skipped',
    () => {
      const found = findingsOf(c.db, 'privileged-role-assigned');
      expect(found.map(brief)).toEqual([
        ['privileged-role-assigned:eve@contoso.example|Global ' +
          'Administrator|2026-03-02', 'critical', ADMIN,
        ['id-role-ga', 'id-role-ga-ual']],
        ['privileged-role-assigned:fay@contoso.example|Exchange ' +
          'Administrator|2026-03-02', 'medium', ADMIN, ['id-role-exchange']],
      ]);
      expect(found[1].explanation).toBe(
        'fay@contoso.example was given the privileged role Exchange ' +
          'Administrator by admin@contoso.example at ' +
          '2026-03-02T11:00:00.000Z from 198.51.100.5 (Add member to role); ' +
          'granted from trusted network address 198.51.100.5, no ' +
          'suspicious sign-in before it');
    });
});

describe('risky-app-consent', () => {
  it('flags Mail.Read with offline_access, not User.Read', () => {
    const found = findingsOf(c.db, 'risky-app-consent');
    expect(found.map(brief)).toEqual([
      ['risky-app-consent:Mail Helper|ann@contoso.example|2026-03-03', 'high',
        'ann@contoso.example', ['id-consent-mail']],
    ]);
    expect(found[0].matched).toMatchObject({ app: 'Mail Helper',
      riskyScopes: ['Mail.Read'], offlineAccess: true, adminConsent: false });
  });
});

describe('app-credential-added', () => {
  it('flags a client secret added, not one removed', () => {
    expect(summary('app-credential-added')).toEqual([
      ['high', ADMIN, ['id-sp-cred']]]);
    expect(findingsOf(c.db, 'app-credential-added')[0].explanation).toBe(
      'admin@contoso.example at 2026-03-03T11:00:00.000Z from 198.51.100.10 ' +
        'added a client secret to service principal "Backup Sync"');
  });
});

describe('mfa-method-registered and mfa-removed', () => {
  it('registration without a suspicious sign-in is medium', () => {
    expect(summary('mfa-method-registered')).toEqual([
      ['medium', 'ann@contoso.example', ['id-mfa-register']]]);
  });

  it('Disable Strong Authentication and emptied methods are high', () => {
    expect(summary('mfa-removed')).toEqual([
      ['high', ADMIN, ['id-mfa-disable']],
      ['high', ADMIN, ['id-user-mfa-stripped']]]);
    expect(findingsOf(c.db, 'mfa-removed')[1].explanation).toBe(
      'MFA methods or requirement removed (Update user) for ' +
        'hal@contoso.example by admin@contoso.example at ' +
        '2026-03-04T11:40:00.000Z from 198.51.100.10');
    expect(findingsOf(c.db, 'mfa-removed')[0].matched).toMatchObject({
      user: 'ben@contoso.example', suspiciousSignIn: null });
  });
});

describe('security-defaults-disabled', () => {
  it('flags security defaults turned off', () => {
    expect(summary('security-defaults-disabled')).toEqual([
      ['high', ADMIN, ['id-secdef-off']]]);
  });
});

describe('conditional-access-changed', () => {
  it('off: high, audit and UAL copy as one; renamed: medium', () => {
    expect(summary('conditional-access-changed')).toEqual([
      ['high', ADMIN, ['id-ca-off', 'id-ca-off-ual']],
      ['medium', ADMIN, ['id-ca-rename']],
    ]);
    expect(findingsOf(c.db, 'conditional-access-changed')[0].matched)
      .toMatchObject({ policy: 'Require MFA', weakened: [
        'state enabled → disabled'] });
  });
});
