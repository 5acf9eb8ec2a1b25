import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  brief,
  buildCase,
  detect,
  findingsOf,
  type DetectCase,
} from './detect-fixture.js';

let c: DetectCase;
let notes: Record<string, string[]>;

beforeAll(async () => {
  c = await buildCase(['gws.jsonl']);
  const run = detect(c.db);
  notes = Object.fromEntries(run.rules.map((r) => [r.ruleId, r.notes]));
});

afterAll(() => c.close());

const SAM = 'sam@brightline.example';

describe('gws-suspicious-login', () => {
  it('blocked attempts are medium, a suspicious success is high', () => {
    expect(findingsOf(c.db, 'gws-suspicious-login').map(brief)).toEqual([
      ['gws-suspicious-login:lee@brightline.example|suspicious_login|' +
        '2026-09-10', 'medium', 'lee@brightline.example', ['g-lee-blocked']],
      ['gws-suspicious-login:sam@brightline.example|login_success|' +
        '2026-09-10', 'high', SAM, ['g-sam-suspicious']],
    ]);
  });
});

describe('gws-2sv-disabled', () => {
  it('one critical finding for the change both apps report', () => {
    const found = findingsOf(c.db, 'gws-2sv-disabled');
    expect(found.map(brief)).toEqual([
      ['gws-2sv-disabled:sam@brightline.example|2sv_disable|' +
        '2026-09-10T03:52:40.000Z', 'critical', SAM,
      ['g-sam-suspicious', 'g-sam-2sv-accounts', 'g-sam-2sv-login']],
      ['gws-2sv-disabled:tia@brightline.example|2sv_disable|' +
        '2026-09-10T09:00:00.000Z', 'high', 'tia@brightline.example',
      ['g-tia-2sv']],
    ]);
    expect(found[0].explanation).toBe(
      '2-step verification turned off for sam@brightline.example ' +
        '(2sv_disable) by sam@brightline.example at 2026-09-10T03:52:40.000Z ' +
        'from 192.0.2.66, 5 min after a suspicious sign-in from 192.0.2.66 ' +
        '(outside the allowed countries (RO), from vpn network AS9009, ' +
        'flagged suspicious by the provider)');
  });
});

describe('gws-forwarding-out-of-domain', () => {
  it('flags forwarding to free-mail, not to a subdomain of the tenant', () => {
    expect(findingsOf(c.db, 'gws-forwarding-out-of-domain').map(brief))
      .toEqual([['gws-forwarding-out-of-domain:sam@brightline.example|' +
        'demo-sk.archive@gmail.com', 'high', SAM, ['g-sam-fwd']]]);
  });
});

describe('gws-admin-role-granted', () => {
  it('Super Admin is critical; a password change is not a grant', () => {
    const found = findingsOf(c.db, 'gws-admin-role-granted');
    expect(found.map((f) => [f.severity, f.actor, f.records])).toEqual([
      ['critical', 'admin@brightline.example', ['g-role-super']]]);
    expect(found[0].matched).toMatchObject({
      user: 'uma@brightline.example', role: '_SEED_ADMIN_ROLE',
      superAdmin: true });
  });
});

describe('gws-oauth-new-app', () => {
  it('flags a new client with mail scope; a known client is not new', () => {
    const found = findingsOf(c.db, 'gws-oauth-new-app');
    expect(found.map(brief)).toEqual([
      ['gws-oauth-new-app:918-new.apps.googleusercontent.com|2026-09-10',
        'high', SAM, ['g-token-new']],
    ]);
    expect(found[0].matched).toMatchObject({ app: 'Docs Sync Helper',
      sensitiveScopes: ['https://mail.google.com/'], lastSeenBefore: null });
    expect(notes['gws-oauth-new-app']).toEqual(['not enough history for 1 ' +
      'OAuth grant(s) in the first firstSeen.minHistoryDays days of the ' +
      'case']);
  });
});

describe('gws-drive-mass-download and gws-drive-external-share', () => {
  it('flags 30 downloads in 3 minutes after the suspicious login', () => {
    const found = findingsOf(c.db, 'gws-drive-mass-download');
    expect(found.map((f) => [f.severity, f.actor, f.eventCount])).toEqual([
      ['high', SAM, 30]]);
    expect(found[0].records[0]).toBe('g-drive-sam-00');
  });

  it('flags a link for anyone, not a file made private', () => {
    expect(findingsOf(c.db, 'gws-drive-external-share').map(brief)).toEqual([
      ['gws-drive-external-share:sam@brightline.example|2026-09-10', 'high',
        SAM, ['g-share-link']]]);
  });
});

describe('free-mail-after-suspicious-signin', () => {
  it('flags mail with attachments to gmail after the suspicious login', () => {
    const found = findingsOf(c.db, 'free-mail-after-suspicious-signin');
    expect(found.map(brief)).toEqual([
      ['free-mail-after-suspicious-signin:sam@brightline.example|' +
        '2026-09-10', 'high', SAM, ['g-mail-free']]]);
    expect(found[0].matched).toMatchObject({ messages: 1, attachments: 2,
      recipients: ['demo-sk.archive@gmail.com'] });
  });
});
