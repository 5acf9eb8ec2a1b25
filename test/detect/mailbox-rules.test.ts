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
  c = await buildCase(['mailbox.jsonl']);
  detect(c.db);
});

afterAll(() => c.close());

const ANN = 'ann@contoso.example';
const ADMIN = 'admin@contoso.example';
const records = (rule: string) => findingsOf(c.db, rule).map((f) => f.records);

describe('inbox-rule-forward', () => {
  it('external forwards are high, internal medium, Outlook rules too', () => {
    expect(findingsOf(c.db, 'inbox-rule-forward').map(brief)).toEqual([
      ['inbox-rule-forward:ann@contoso.example|Partner', 'high', ANN,
        ['mbx-ann-forward']],
      ['inbox-rule-forward:ben@contoso.example|Team', 'medium',
        'ben@contoso.example', ['mbx-ben-internal']],
      ['inbox-rule-forward:carl@contoso.example|Sync', 'high',
        'carl@contoso.example', ['mbx-carl-outlook']],
    ]);
    expect(findingsOf(c.db, 'inbox-rule-forward')[0].explanation).toBe(
      'Inbox rule "Partner" of ann@contoso.example, created by ' +
        'ann@contoso.example at 2026-03-02T15:01:47.000Z from 192.0.2.200, ' +
        'forwards mail to ann.private@gmail.com (outside the tenant: ' +
        'ann.private@gmail.com)');
  });
});

describe('inbox-rule-hide', () => {
  it('flags mark-read and RSS folder with lure words, not a newsletter rule',
    () => {
      const found = findingsOf(c.db, 'inbox-rule-hide');
      expect(found.map(brief)).toEqual([
        ['inbox-rule-hide:ann@contoso.example|..', 'high', ANN,
          ['mbx-ann-hide']],
      ]);
      expect(found[0].matched).toMatchObject({ moveTo: 'RSS Subscriptions',
        lureTerms: ['invoice', 'payment'], actions: ['marks it as read',
          'moves it to "RSS Subscriptions"',
          'stops processing further rules'] });
    });
});

describe('inbox-rule-obfuscated-name', () => {
  it('flags the rule named ".." only', () => {
    expect(findingsOf(c.db, 'inbox-rule-obfuscated-name').map(brief))
      .toEqual([['inbox-rule-obfuscated-name:ann@contoso.example|..', 'high',
        ANN, ['mbx-ann-hide']]]);
  });
});

describe('mailbox-forwarding', () => {
  it('flags SMTP forwarding without a kept copy; ignores clearing it', () => {
    const found = findingsOf(c.db, 'mailbox-forwarding');
    expect(found.map(brief)).toEqual([
      ['mailbox-forwarding:ann@contoso.example|ann.home@gmail.com', 'high',
        ANN, ['mbx-ann-smtp-fwd']],
    ]);
    expect(found[0].explanation).toBe(
      'Set-Mailbox by ann@contoso.example at 2026-03-02T17:00:00.000Z from ' +
        '192.0.2.200 forwards all mail of ann@contoso.example to ' +
        'ann.home@gmail.com (outside the tenant); DeliverToMailboxAndForward ' +
        'is not True, so the mailbox keeps no copy');
  });
});

describe('transport-rule-forward-bypass', () => {
  it('flags a blind copy outside, not a disclaimer rule', () => {
    const found = findingsOf(c.db, 'transport-rule-forward-bypass');
    expect(found.map((f) => [f.severity, f.actor, f.records])).toEqual([
      ['high', ADMIN, ['mbx-tr-bcc']],
    ]);
    expect(found[0].matched).toMatchObject({ rule: 'Copy all',
      copyTo: ['blindcopyto:archive@evil.example'],
      external: ['archive@evil.example'] });
  });
});

describe('mailbox-delegation', () => {
  it('flags FullAccess and external SendAs, skips the system account', () => {
    expect(findingsOf(c.db, 'mailbox-delegation').map(brief)).toEqual([
      ['mailbox-delegation:ann@contoso.example|ben@contoso.example|' +
        'FullAccess', 'medium', ADMIN, ['mbx-perm-full']],
      ['mailbox-delegation:ben@contoso.example|x@evil.example|SendAs',
        'high', ADMIN, ['mbx-perm-sendas']],
    ]);
  });
});

describe('mass-mail-access', () => {
  it('flags an aggregated record of 150 items, not one of 20', () => {
    const found = findingsOf(c.db, 'mass-mail-access');
    expect(found.map(brief)).toEqual([
      ['mass-mail-access:ann@contoso.example|2026-03-04T14:00:00.000Z',
        'medium', ANN, ['mbx-mia-ann']],
    ]);
    expect(found[0].matched).toMatchObject({ items: 150, records: 1,
      largestRecord: 150 });
  });
});

describe('audit-logging-disabled', () => {
  it('flags ingestion off and an audit bypass, not auditing turned on', () => {
    expect(records('audit-logging-disabled')).toEqual([
      ['mbx-audit-off'], ['mbx-audit-bypass']]);
    expect(findingsOf(c.db, 'audit-logging-disabled').map((f) =>
      f.explanation)).toEqual([
      'Set-AdminAuditLogConfig by admin@contoso.example at ' +
        '2026-03-05T09:00:00.000Z from 198.51.100.10: unified audit log ' +
        'ingestion turned off',
      'Set-MailboxAuditBypassAssociation by admin@contoso.example at ' +
        '2026-03-05T09:10:00.000Z from 198.51.100.10: mailbox audit bypass ' +
        'enabled for svc-scan',
    ]);
  });
});
