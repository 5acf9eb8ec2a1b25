/**
 * Every rule has a positive fixture whose exact finding is asserted and
 * a negative near-miss that must not raise it. Where the per-area tests
 * already do both, COVERAGE at the end names them; the tests here fill
 * the gaps, with near-miss records in fixtures/coverage-*.jsonl imported
 * next to the area's own fixture, so the rule is seen firing on its
 * positives in the same case that holds the near-misses.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../src-main/detect/rules/index.js';
import {
  buildCase,
  detect,
  findingsOf,
  type DetectCase,
  type FoundFinding,
} from './detect-fixture.js';

/** The fixture files of each case these tests read. */
const CASES = {
  location: ['sign-in-location.jsonl'],
  history: ['sign-in-history.jsonl'],
  clients: ['sign-in-clients.jsonl', 'coverage-sign-in.jsonl'],
  mailbox: ['mailbox.jsonl', 'coverage-mailbox.jsonl'],
  identity: ['identity.jsonl', 'coverage-identity.jsonl'],
  files: ['files.jsonl'],
  gws: ['gws.jsonl', 'coverage-gws.jsonl'],
};

type CaseName = keyof typeof CASES;

const cases = {} as Record<CaseName, DetectCase>;

beforeAll(async () => {
  for (const name of Object.keys(CASES) as CaseName[]) {
    cases[name] = await buildCase(CASES[name]);
    detect(cases[name].db);
  }
});

afterAll(() => {
  for (const c of Object.values(cases)) c.close();
});

/** Everything a finding says, for an exact comparison. */
function exact(f: FoundFinding) {
  return {
    fingerprint: f.fingerprint,
    severity: f.severity,
    actor: f.actor,
    eventCount: f.eventCount,
    records: f.records,
    explanation: f.explanation,
    matched: f.matched,
  };
}

/** The one finding of a rule that rests on a source record. */
function resting(name: CaseName, rule: string, record: string) {
  const hits = findingsOf(cases[name].db, rule)
    .filter((f) => f.records.includes(record));
  expect(hits, `${rule} on ${record}`).toHaveLength(1);
  return hits[0];
}

/** Which of the source records were imported as events. */
function imported(name: CaseName, ids: string[]): string[] {
  const has = cases[name].db
    .prepare('SELECT 1 FROM event WHERE record_id = ?').pluck();
  return ids.filter((id) => has.get(id) !== undefined);
}

/**
 * The near-miss records are in the case, the rule raised exactly the
 * findings given (by their records), and none rests on a near-miss.
 */
function expectNearMiss(
  name: CaseName,
  rule: string,
  nearMiss: string[],
  raised: string[][],
): void {
  expect(imported(name, nearMiss)).toEqual(nearMiss);
  const found = findingsOf(cases[name].db, rule);
  expect(found.map((f) => f.records)).toEqual(raised);
  expect(found.flatMap((f) => f.records)
    .filter((r) => nearMiss.includes(r))).toEqual([]);
}

const range = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2,
    '0')}`);

const ALLOWED = 'US, GB (England only), IN';
const ADMIN = 'admin@contoso.example';
const SAM = 'sam@brightline.example';

describe('signin-outside-allowed', () => {
  it('positive: two CN sign-ins of one day, Entra and UAL copy', () => {
    const f = resting('location', 'signin-outside-allowed', 'loc-alice-cn');
    expect(exact(f)).toEqual({
      fingerprint:
        'signin-outside-allowed:alice@contoso.example|CN|2026-03-10',
      severity: 'high',
      actor: 'alice@contoso.example',
      eventCount: 2,
      records: ['loc-alice-cn', 'loc-alice-cn-ual'],
      explanation: '2 sign-ins by alice@contoso.example succeeded from CN ' +
        'on 2026-03-10, first at 2026-03-10T02:00:00.000Z from ' +
        '203.0.113.45 (CN (Shenzhen, AS4134 Chinanet)); allowed ' +
        `countries are ${ALLOWED}`,
      matched: {
        country: 'CN', regions: ['Guangdong'], cities: ['Shenzhen'],
        ips: ['203.0.113.45'], networks: ['AS4134 Chinanet'],
        firstTime: '2026-03-10T02:00:00.000Z',
        lastTime: '2026-03-10T02:00:02.000Z', count: 2, allowed: ALLOWED,
        clientApps: ['Browser'], deviceIds: [], outside: 'country',
      },
    });
  });
});

describe('failed-signin-outside-allowed', () => {
  it('positive: two wrong passwords from CN the same day', () => {
    const f = resting('location', 'failed-signin-outside-allowed',
      'loc-dave-fail-1');
    expect(exact(f)).toEqual({
      fingerprint: 'failed-signin-outside-allowed:dave@contoso.example|CN|' +
        '2026-03-11',
      severity: 'low',
      actor: 'dave@contoso.example',
      eventCount: 2,
      records: ['loc-dave-fail-1', 'loc-dave-fail-2'],
      explanation: '2 sign-ins by dave@contoso.example failed from CN ' +
        '(Shenzhen, AS4134 Chinanet) on 2026-03-11, first at ' +
        '2026-03-11T03:00:00.000Z (codes 50126); allowed countries are ' +
        ALLOWED,
      matched: {
        country: 'CN', regions: ['Guangdong'], cities: ['Shenzhen'],
        ips: ['203.0.113.45'], networks: ['AS4134 Chinanet'],
        firstTime: '2026-03-11T03:00:00.000Z',
        lastTime: '2026-03-11T03:01:00.000Z', count: 2, allowed: ALLOWED,
        codes: ['50126'], usersFromCountryThatDay: 2,
      },
    });
  });
});

describe('first-seen-asn', () => {
  it('positive: a home ISP after ten days on the trusted office net', () => {
    const f = resting('history', 'first-seen-asn', 'hist-jane-home');
    expect(exact(f)).toEqual({
      fingerprint: 'first-seen-asn:jane@contoso.example|AS7922|2026-03-11',
      severity: 'low',
      actor: 'jane@contoso.example',
      eventCount: 1,
      records: ['hist-jane-home'],
      explanation: 'First sign-in by jane@contoso.example from network ' +
        'AS7922 Comcast Cable Communications, LLC (US (Chicago)) at ' +
        '2026-03-11T08:00:00.000Z (IP 198.51.100.10): not seen for this ' +
        'user in the 10 days of sign-in history before it',
      matched: {
        network: 'AS7922',
        place: 'US (Chicago, AS7922 Comcast Cable Communications, LLC)',
        ip: '198.51.100.10', firstTime: '2026-03-11T08:00:00.000Z',
        historyDays: 10, lastSeen: null, lookbackDays: 30,
      },
    });
  });
});

describe('attack-tool-user-agent', () => {
  it('negative: Outlook desktop, a non-browser client, is no tool', () => {
    expectNearMiss('clients', 'attack-tool-user-agent',
      ['cov-olga-outlook'], [['cli-rita-axios'], ['cli-sam-python']]);
  });
});

describe('inbox-rule-forward', () => {
  it('negative: moving outside mail, a failed rule, a removed forward',
    () => {
      expectNearMiss('mailbox', 'inbox-rule-forward',
        ['cov-dora-suppliers', 'cov-dora-fwd-failed', 'cov-dora-remove-fwd'],
        [['mbx-ann-forward'], ['mbx-ben-internal'], ['mbx-carl-outlook']]);
    });
});

describe('inbox-rule-obfuscated-name', () => {
  it('positive: the rule named ".." that hides invoices', () => {
    const f = resting('mailbox', 'inbox-rule-obfuscated-name',
      'mbx-ann-hide');
    const actions = ['marks it as read', 'moves it to "RSS Subscriptions"',
      'stops processing further rules'];
    expect(exact(f)).toEqual({
      fingerprint: 'inbox-rule-obfuscated-name:ann@contoso.example|..',
      severity: 'high',
      actor: 'ann@contoso.example',
      eventCount: 1,
      records: ['mbx-ann-hide'],
      explanation: 'Inbox rule named ".." (only punctuation or spaces) of ' +
        'ann@contoso.example, created by ann@contoso.example at ' +
        '2026-03-02T14:58:03.000Z from 192.0.2.200; it ' +
        actions.join(', '),
      matched: {
        mailbox: 'ann@contoso.example', ruleName: '..',
        operations: ['New-InboxRule'], ips: ['192.0.2.200'],
        conditions: { subjectorbodycontainswords: 'invoice;payment' },
        actions,
      },
    });
  });

  it('negative: a name framed in punctuation but with a word in it', () => {
    expectNearMiss('mailbox', 'inbox-rule-obfuscated-name',
      ['cov-dora-suppliers'], [['mbx-ann-hide']]);
  });
});

describe('mailbox-delegation', () => {
  it('positive: SendAs for an outside address on a tenant mailbox', () => {
    const f = resting('mailbox', 'mailbox-delegation', 'mbx-perm-sendas');
    expect(exact(f)).toEqual({
      fingerprint: 'mailbox-delegation:ben@contoso.example|x@evil.example|' +
        'SendAs',
      severity: 'high',
      actor: ADMIN,
      eventCount: 1,
      records: ['mbx-perm-sendas'],
      explanation: 'Add-RecipientPermission by admin@contoso.example at ' +
        '2026-03-03T10:05:00.000Z from 198.51.100.10 gave x@evil.example ' +
        'SendAs on ben@contoso.example (an account outside the tenant)',
      matched: {
        mailbox: 'ben@contoso.example', trustee: 'x@evil.example',
        right: 'SendAs', operation: 'Add-RecipientPermission',
        external: true, everyone: false,
      },
    });
  });
});

describe('audit-logging-disabled', () => {
  it('positive: unified audit log ingestion turned off by the admin', () => {
    const f = resting('mailbox', 'audit-logging-disabled', 'mbx-audit-off');
    expect(exact(f)).toEqual({
      // The key is the event's row id, so only its form is fixed.
      fingerprint: expect.stringMatching(/^audit-logging-disabled:\d+$/),
      severity: 'high',
      actor: ADMIN,
      eventCount: 1,
      records: ['mbx-audit-off'],
      explanation: 'Set-AdminAuditLogConfig by admin@contoso.example at ' +
        '2026-03-05T09:00:00.000Z from 198.51.100.10: unified audit log ' +
        'ingestion turned off',
      matched: { operation: 'Set-AdminAuditLogConfig',
        change: 'unified audit log ingestion turned off',
        ip: '198.51.100.10' },
    });
  });
});

describe('mfa-method-registered', () => {
  it('positive: security info registered from the home network', () => {
    const f = resting('identity', 'mfa-method-registered',
      'id-mfa-register');
    expect(exact(f)).toEqual({
      fingerprint: 'mfa-method-registered:ann@contoso.example|User ' +
        'registered security info|2026-03-04T10:00',
      severity: 'medium',
      actor: 'ann@contoso.example',
      eventCount: 1,
      records: ['id-mfa-register'],
      explanation: 'User registered security info for ann@contoso.example ' +
        'by ann@contoso.example at 2026-03-04T10:00:00.000Z from ' +
        '198.51.100.10',
      matched: { user: 'ann@contoso.example',
        operation: 'User registered security info', ip: '198.51.100.10',
        suspiciousSignIn: null },
    });
  });

  it('negative: a registration started and then canceled', () => {
    expectNearMiss('identity', 'mfa-method-registered',
      ['cov-ivy-mfa-started', 'cov-ivy-mfa-canceled'],
      [['id-mfa-register']]);
  });
});

describe('mfa-removed', () => {
  it('negative: Update user switching the default method, keeping both',
    () => {
      expectNearMiss('identity', 'mfa-removed', ['id-user-mfa-kept'],
        [['id-mfa-disable'], ['id-user-mfa-stripped']]);
    });
});

describe('security-defaults-disabled', () => {
  it('positive: IsEnabled true to false', () => {
    const f = resting('identity', 'security-defaults-disabled',
      'id-secdef-off');
    expect(exact(f)).toEqual({
      fingerprint: 'security-defaults-disabled:Update security defaults|' +
        '2026-03-05T12:00',
      severity: 'high',
      actor: ADMIN,
      eventCount: 1,
      records: ['id-secdef-off'],
      explanation: "Security defaults (the tenant's baseline MFA) turned " +
        'off by admin@contoso.example at 2026-03-05T12:00:00.000Z from ' +
        '198.51.100.10',
      matched: { operation: 'Update security defaults', disabled: true },
    });
  });

  it('negative: the same change refused for lack of privileges', () => {
    expectNearMiss('identity', 'security-defaults-disabled',
      ['cov-secdef-denied'], [['id-secdef-off']]);
  });
});

describe('conditional-access-changed', () => {
  it('negative: a new blocking policy added, none changed', () => {
    expectNearMiss('identity', 'conditional-access-changed',
      ['cov-ca-added'], [['id-ca-off', 'id-ca-off-ual'], ['id-ca-rename']]);
  });
});

describe('external-sharing-link', () => {
  it('positive: an anonymous link on an engineering folder', () => {
    const item = 'https://contoso.sharepoint.com/sites/Eng/Shared ' +
      'Documents/PN';
    const f = resting('files', 'external-sharing-link', 'file-dan-anon');
    expect(exact(f)).toEqual({
      fingerprint: 'external-sharing-link:dan@contoso.example|2026-03-10',
      severity: 'medium',
      actor: 'dan@contoso.example',
      eventCount: 1,
      records: ['file-dan-anon'],
      explanation: 'dan@contoso.example opened 1 SharePoint/OneDrive ' +
        'item(s) to anyone with the link on 2026-03-10, first at ' +
        `2026-03-10T03:12:00.000Z: ${item}`,
      matched: { items: [item], audiences: ['anyone with the link'],
        shares: 1, peakPerHour: 1, afterSuspiciousSignIn: null },
    });
  });
});

describe('gws-suspicious-login', () => {
  it('positive: a login Google marked suspicious that succeeded', () => {
    const f = resting('gws', 'gws-suspicious-login', 'g-sam-suspicious');
    expect(exact(f)).toEqual({
      fingerprint: 'gws-suspicious-login:sam@brightline.example|' +
        'login_success|2026-09-10',
      severity: 'high',
      actor: SAM,
      eventCount: 1,
      records: ['g-sam-suspicious'],
      explanation: 'For sam@brightline.example, a login Google marked ' +
        'suspicious succeeded (login_success) at 2026-09-10T03:47:12.000Z ' +
        'from 192.0.2.66',
      matched: { user: SAM, event: 'login_success', ips: ['192.0.2.66'],
        count: 1, loginType: 'google_password' },
    });
  });

  it('negative: the same user\'s logins with is_suspicious false', () => {
    expectNearMiss('gws', 'gws-suspicious-login',
      Array.from({ length: 9 }, (_, i) => `g-sam-base-${i + 1}`),
      [['g-lee-blocked'], ['g-sam-suspicious']]);
  });
});

describe('gws-2sv-disabled', () => {
  it('negative: 2SV enrolled, and enforcement turned on', () => {
    expectNearMiss('gws', 'gws-2sv-disabled',
      ['g-cov-tia-2sv-enroll', 'g-cov-enforce-2sv'],
      [['g-sam-suspicious', 'g-sam-2sv-accounts', 'g-sam-2sv-login'],
        ['g-tia-2sv']]);
  });
});

describe('gws-forwarding-out-of-domain', () => {
  it('positive: forwarding to a gmail.com address', () => {
    const f = resting('gws', 'gws-forwarding-out-of-domain', 'g-sam-fwd');
    expect(exact(f)).toEqual({
      fingerprint: 'gws-forwarding-out-of-domain:sam@brightline.example|' +
        'demo-sk.archive@gmail.com',
      severity: 'high',
      actor: SAM,
      eventCount: 1,
      records: ['g-sam-fwd'],
      explanation: 'Gmail of sam@brightline.example set at ' +
        '2026-09-10T03:58:05.000Z from 192.0.2.66 to forward out of the ' +
        'domain to demo-sk.archive@gmail.com (a free-mail address)',
      matched: { forwardTo: 'demo-sk.archive@gmail.com', freeMail: true,
        ip: '192.0.2.66' },
    });
  });
});

/** File extensions of the Drive burst, read from the doc titles. */
const EXTENSIONS = ['pdf'];

describe('gws-drive-mass-download', () => {
  it('positive: 30 Drive files in under 3 minutes from a VPN', () => {
    const f = resting('gws', 'gws-drive-mass-download', 'g-drive-sam-00');
    const { extensions, ...matched } = f.matched;
    expect(extensions).toEqual(EXTENSIONS);
    expect({ ...exact(f), matched }).toEqual({
      fingerprint: 'gws-drive-mass-download:sam@brightline.example|' +
        '2026-09-10T04:04:00.000Z',
      severity: 'high',
      actor: SAM,
      eventCount: 30,
      records: range('g-drive-sam-', 30),
      explanation: 'sam@brightline.example downloaded 30 distinct Drive ' +
        'files (30 downloads) between 2026-09-10T04:04:00.000Z and ' +
        '2026-09-10T04:06:45.000Z from sam@brightline.example; peak 30 ' +
        'within 3 min (threshold 25, or 200 in 1 h); IPs 192.0.2.66; ' +
        'from vpn network AS9009 M247 Europe SRL',
      matched: {
        files: 30, downloads: 30, peak: 30, windowMinutes: 3,
        thresholds: { files: 25, hourFiles: 200 }, containers: [SAM],
        ips: ['192.0.2.66'], start: '2026-09-10T04:04:00.000Z',
        end: '2026-09-10T04:06:45.000Z',
        risk: 'from vpn network AS9009 M247 Europe SRL',
      },
    });
  });

  it('negative: 20 files at one a minute from the home network', () => {
    expectNearMiss('gws', 'gws-drive-mass-download',
      range('g-drive-tia-', 20), [range('g-drive-sam-', 30)]);
  });
});

describe('gws-drive-external-share', () => {
  it('positive: a link for anyone, after the suspicious login', () => {
    const f = resting('gws', 'gws-drive-external-share', 'g-share-link');
    expect(exact(f)).toEqual({
      fingerprint: 'gws-drive-external-share:sam@brightline.example|' +
        '2026-09-10',
      severity: 'high',
      actor: SAM,
      eventCount: 1,
      records: ['g-share-link'],
      explanation: 'sam@brightline.example opened 1 Google Drive item(s) ' +
        'to visibility people_with_link on 2026-09-10, first at ' +
        '2026-09-10T04:40:00.000Z: Rate Card.xlsx; after a suspicious ' +
        'sign-in at 2026-09-10T03:47:12.000Z',
      matched: { items: ['Rate Card.xlsx'],
        audiences: ['visibility people_with_link'], shares: 1,
        peakPerHour: 1, afterSuspiciousSignIn: '2026-09-10T03:47:12.000Z' },
    });
  });
});

describe('free-mail-after-suspicious-signin', () => {
  it('negative: mail to gmail.com with no suspicious sign-in before', () => {
    expectNearMiss('gws', 'free-mail-after-suspicious-signin',
      ['g-mail-tia'], [['g-mail-free']]);
  });
});

/** A test by file, describe block and title. */
const at = (file: string, group: string, title: string) =>
  `${file} > ${group} > ${title}`;

const LOC = 'sign-in-location-rules.test.ts';
const HIST = 'sign-in-history-rules.test.ts';
const CLI = 'sign-in-client-rules.test.ts';
const CRED = 'credential-attack-rules.test.ts';
const MBX = 'mailbox-rules.test.ts';
const ID = 'identity-rules.test.ts';
const FILE = 'file-rules.test.ts';
const GWS = 'gws-rules.test.ts';
const HERE = 'rule-coverage.test.ts';

/** The same test as positive and negative. */
const both = (ref: string) => ({ positive: ref, negative: ref });

/** For each rule, the tests of its positive and its negative fixture. */
const COVERAGE: Record<string, { positive: string; negative: string }> = {
  'signin-outside-allowed': {
    positive: at(HERE, 'signin-outside-allowed',
      'positive: two CN sign-ins of one day, Entra and UAL copy'),
    negative: at(LOC, 'signin-outside-allowed', 'leaves alone the home ' +
      'sign-in, a travel exception and a trusted ASN'),
  },
  'failed-signin-outside-allowed': {
    positive: at(HERE, 'failed-signin-outside-allowed',
      'positive: two wrong passwords from CN the same day'),
    negative: at(LOC, 'failed-signin-outside-allowed',
      'counts refused sign-ins but not MFA interrupts'),
  },
  'first-seen-country': {
    positive: at(HIST, 'first-seen-country',
      'flags a country new after 10 days of history, nothing else'),
    negative: at(HIST, 'first-seen-country',
      'counts sign-ins from a trusted network as history'),
  },
  'first-seen-asn': {
    positive: at(HERE, 'first-seen-asn',
      'positive: a home ISP after ten days on the trusted office net'),
    negative: at(HIST, 'first-seen-asn',
      'flags new networks but not a mobile carrier in a known country'),
  },
  'impossible-travel': {
    positive: at(HIST, 'impossible-travel',
      'reports both points, km and km/h; demotes a mobile carrier hop'),
    negative: at(HIST, 'impossible-travel',
      'leaves alone a trip at airliner speed (Chicago to LA in 6 h)'),
  },
  'hosting-network-signin': {
    positive: at(LOC, 'hosting-network-signin',
      'is high when MFA was satisfied from a rented server, low on failure'),
    negative: at(LOC, 'hosting-network-signin',
      'is suppressed when the ASN is trusted'),
  },
  'password-spray': {
    positive: at(CRED, 'password-spray',
      'finds 12 accounts failing from one IP, high after a success'),
    negative: at(CRED, 'password-spray',
      'ignores nine accounts, below spray.minUsers'),
  },
  'brute-force': {
    positive: at(CRED, 'brute-force',
      'finds ten failures then a success from the same address'),
    negative: at(CRED, 'brute-force',
      'ignores a disabled account retrying and nine wrong passwords'),
  },
  'legacy-auth-signin': {
    positive: at(CLI, 'legacy-auth-signin',
      'flags successful legacy sign-ins; high from a hosting network'),
    negative: at(CLI, 'legacy-auth-signin',
      'ignores browser sign-ins and failed legacy attempts'),
  },
  'attack-tool-user-agent': {
    positive: at(CLI, 'attack-tool-user-agent',
      'names the tool: high on success, medium on failure'),
    negative: at(HERE, 'attack-tool-user-agent',
      'negative: Outlook desktop, a non-browser client, is no tool'),
  },
  'aitm-double-signin': {
    positive: at(CLI, 'aitm-double-signin',
      'pairs a proxy sign-in with the user\'s own 24 s later'),
    negative: at(CLI, 'aitm-double-signin',
      'leaves alone the same pattern ten minutes apart'),
  },
  'session-multiple-networks': {
    positive: at(CLI, 'session-multiple-networks',
      'high across countries, low for mobile roaming, medium otherwise'),
    negative: at(CLI, 'session-multiple-networks',
      'ignores a session that stays on one address'),
  },
  'inbox-rule-forward': {
    positive: at(MBX, 'inbox-rule-forward',
      'external forwards are high, internal medium, Outlook rules too'),
    negative: at(HERE, 'inbox-rule-forward',
      'negative: moving outside mail, a failed rule, a removed forward'),
  },
  'inbox-rule-hide': both(at(MBX, 'inbox-rule-hide', 'flags mark-read and ' +
    'RSS folder with lure words, not a newsletter rule')),
  'inbox-rule-obfuscated-name': {
    positive: at(HERE, 'inbox-rule-obfuscated-name',
      'positive: the rule named ".." that hides invoices'),
    negative: at(HERE, 'inbox-rule-obfuscated-name',
      'negative: a name framed in punctuation but with a word in it'),
  },
  'mailbox-forwarding': both(at(MBX, 'mailbox-forwarding',
    'flags SMTP forwarding without a kept copy; ignores clearing it')),
  'transport-rule-forward-bypass': both(at(MBX,
    'transport-rule-forward-bypass',
    'flags a blind copy outside, not a disclaimer rule')),
  'mailbox-delegation': {
    positive: at(HERE, 'mailbox-delegation',
      'positive: SendAs for an outside address on a tenant mailbox'),
    negative: at(MBX, 'mailbox-delegation',
      'flags FullAccess and external SendAs, skips the system account'),
  },
  'free-mail-after-suspicious-signin': {
    positive: at(GWS, 'free-mail-after-suspicious-signin',
      'flags mail with attachments to gmail after the suspicious login'),
    negative: at(HERE, 'free-mail-after-suspicious-signin',
      'negative: mail to gmail.com with no suspicious sign-in before'),
  },
  'mass-mail-access': both(at(MBX, 'mass-mail-access',
    'flags an aggregated record of 150 items, not one of 20')),
  'privileged-role-assigned': both(at(ID, 'privileged-role-assigned',
    'one finding per assignment (audit + UAL copy); non-privileged ' +
    'skipped')),
  'risky-app-consent': both(at(ID, 'risky-app-consent',
    'flags Mail.Read with offline_access, not User.Read')),
  'app-credential-added': both(at(ID, 'app-credential-added',
    'flags a client secret added, not one removed')),
  'mfa-method-registered': {
    positive: at(HERE, 'mfa-method-registered',
      'positive: security info registered from the home network'),
    negative: at(HERE, 'mfa-method-registered',
      'negative: a registration started and then canceled'),
  },
  'mfa-removed': {
    positive: at(ID, 'mfa-method-registered and mfa-removed',
      'Disable Strong Authentication and emptied methods are high'),
    negative: at(HERE, 'mfa-removed',
      'negative: Update user switching the default method, keeping both'),
  },
  'security-defaults-disabled': {
    positive: at(HERE, 'security-defaults-disabled',
      'positive: IsEnabled true to false'),
    negative: at(HERE, 'security-defaults-disabled',
      'negative: the same change refused for lack of privileges'),
  },
  'conditional-access-changed': {
    positive: at(ID, 'conditional-access-changed',
      'off: high, audit and UAL copy as one; renamed: medium'),
    negative: at(HERE, 'conditional-access-changed',
      'negative: a new blocking policy added, none changed'),
  },
  'audit-logging-disabled': {
    positive: at(HERE, 'audit-logging-disabled',
      'positive: unified audit log ingestion turned off by the admin'),
    negative: at(MBX, 'audit-logging-disabled',
      'flags ingestion off and an audit bypass, not auditing turned on'),
  },
  'mass-file-download': {
    positive: at(FILE, 'mass-file-download',
      'flags 30 files in 2 minutes from outside the allowed countries'),
    negative: at(FILE, 'mass-file-download',
      'ignores ten files in ten minutes; finds them at minFiles 5'),
  },
  'external-sharing-link': {
    positive: at(HERE, 'external-sharing-link',
      'positive: an anonymous link on an engineering folder'),
    negative: at(FILE, 'external-sharing-link',
      'flags an anyone link and a guest share, not an internal share'),
  },
  'gws-suspicious-login': {
    positive: at(HERE, 'gws-suspicious-login',
      'positive: a login Google marked suspicious that succeeded'),
    negative: at(HERE, 'gws-suspicious-login',
      'negative: the same user\'s logins with is_suspicious false'),
  },
  'gws-2sv-disabled': {
    positive: at(GWS, 'gws-2sv-disabled',
      'one critical finding for the change both apps report'),
    negative: at(HERE, 'gws-2sv-disabled',
      'negative: 2SV enrolled, and enforcement turned on'),
  },
  'gws-forwarding-out-of-domain': {
    positive: at(HERE, 'gws-forwarding-out-of-domain',
      'positive: forwarding to a gmail.com address'),
    negative: at(GWS, 'gws-forwarding-out-of-domain',
      'flags forwarding to free-mail, not to a subdomain of the tenant'),
  },
  'gws-admin-role-granted': both(at(GWS, 'gws-admin-role-granted',
    'Super Admin is critical; a password change is not a grant')),
  'gws-oauth-new-app': both(at(GWS, 'gws-oauth-new-app',
    'flags a new client with mail scope; a known client is not new')),
  'gws-drive-mass-download': {
    positive: at(HERE, 'gws-drive-mass-download',
      'positive: 30 Drive files in under 3 minutes from a VPN'),
    negative: at(HERE, 'gws-drive-mass-download',
      'negative: 20 files at one a minute from the home network'),
  },
  'gws-drive-external-share': {
    positive: at(HERE, 'gws-drive-external-share',
      'positive: a link for anyone, after the suspicious login'),
    negative: at(GWS, 'gws-drive-mass-download and gws-drive-external-share',
      'flags a link for anyone, not a file made private'),
  },
};

const sources = new Map<string, string>();

/** A test file's source, with escaped quotes read as plain ones. */
function sourceOf(file: string): string {
  let s = sources.get(file);
  if (s === undefined) {
    s = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')
      .replaceAll("\\'", "'");
    sources.set(file, s);
  }
  return s;
}

/** Why a named test cannot be the one meant for a rule, or null. */
function problemOf(rule: string, ref: string): string | null {
  const [file, group, title] = ref.split(' > ');
  const src = sourceOf(file);
  const d = src.indexOf(`describe('${group}'`);
  if (d < 0) return `no describe '${group}' in ${file}`;
  if (src.indexOf(`it('${title}'`, d) < 0) {
    return `no test '${title}' under '${group}' in ${file}`;
  }
  if (!src.includes(`'${rule}'`)) return `${file} never names ${rule}`;
  return null;
}

describe('rule coverage map', () => {
  it('names an existing positive and negative test for every rule', () => {
    const ids = RULES.map((r) => r.id);
    expect(ids.filter((id) => !(id in COVERAGE))).toEqual([]);
    expect(Object.keys(COVERAGE).filter((id) => !ids.includes(id)))
      .toEqual([]);
    const problems = Object.entries(COVERAGE).flatMap(([id, c]) =>
      [c.positive, c.negative].map((ref) => problemOf(id, ref))
        .filter((p): p is string => p !== null).map((p) => `${id}: ${p}`));
    expect(problems).toEqual([]);
  });
});
