/**
 * Incident 2 (detections.md §5, Timeline 2): an adversary-in-the-middle
 * kit relays the accounts receivable clerk's sign-in from a hosting
 * provider, replays the session from another, hides the customer's
 * replies with an inbox rule, forwards invoices to a lookalike domain,
 * registers its own authenticator, sends a payment-fraud mail and
 * deletes it. IT removes the rules and resets the password three days
 * later.
 */
import { APPS, UA } from './apps.js';
import { auditRecords } from './audit-records.js';
import { userTarget } from './audit.js';
import { folderId, mailItem } from './catalog.js';
import { dayOf } from './clock.js';
import {
  NO_DEVICE,
  Script,
  at,
  factIp,
  scriptedMailbox,
  scriptedSignIn,
} from './incident-kit.js';
import { AITM_PROXY, REPLAY_HOST, type IpInfo } from './ip-plan.js';
import type { IncidentFacts } from './manifest.js';
import { LOC } from './plan.js';
import type { OutRecord } from './records.js';
import { serverOf, type Person } from './scenario.js';
import {
  cmdletRecord,
  deleteRecord,
  mailItemsAccessed,
  mailboxObjectId,
  sendRecord,
  type FolderItems,
  type MailboxSession,
} from './ual.js';
import { ipAt, laptopDevice, sessionOf, type World } from './world.js';

/** The attacker's session, relayed and then replayed. */
const SESSION = '5d1c9e0a-8f2b-4c6d-9e1a-7b3c5d2f4a68';
const CUSTOMER = 'payables@globex-supplies.example';
const LOOKALIKE = 'accounts@northwindforqe.example';
const PHISH_FROM = 'no-reply@docs-share-portal.example';
const FRAUD_SUBJECT = 'RE: Invoice INV-88412 – updated remittance details';
const HIDE_RULE = '..';
const FORWARD_RULE = '.';
const DAY = '2026-10-13';

function victim(s: Script): Person {
  return s.w.scenario.cast.arClerk;
}

function officeIp(s: Script): IpInfo {
  return ipAt(s.w, victim(s), dayOf(at(`${DAY}T12:00:00Z`)), LOC.OFFICE);
}

function phishRead(s: Script): void {
  const p = victim(s);
  const t = at(`${DAY}T13:58:40Z`);
  const mbx = scriptedMailbox(s, 'phish-read', p, officeIp(s).ip, 'desktop',
    sessionOf(s.w, p, dayOf(t), false), t - 3_600_000);
  const folder: FolderItems = {
    folderId: folderId(s.w.seed, p, '\\Inbox'), path: '\\Inbox',
    items: [{ id: mailItem(s.w.seed, s.rng('phish'), p, mbx.server,
      '\\Inbox', '').id, messageId:
      '<20261013135140.4f7c2a9e1b@docs-share-portal.example>', size: 48_211 }],
  };
  const rec = s.add(t, 'ual-exsp', mailItemsAccessed(s.w.company, mbx, t,
    s.rng('phish-id').guid(), 'Bind', [folder]));
  s.fact('victim opens the phishing mail', rec, { user: p.upn,
    ip: officeIp(s).ip });
}

function relayedSignIn(s: Script): void {
  const p = victim(s);
  const { records } = scriptedSignIn(s, 'aitm', {
    t: at(`${DAY}T14:02:05Z`), person: p, ip: AITM_PROXY,
    app: APPS.officeHome, interactive: true, browser: true, ua: UA.axios,
    device: NO_DEVICE, auth: 'password+mfa', mfaRequired: true,
    sessionId: SESSION,
    risk: { level: 'medium', state: 'atRisk', events: ['unfamiliarFeatures'] },
  });
  s.fact('AiTM proxy sign-in (hosting, axios)', records[0],
    { user: p.upn, ip: AITM_PROXY.ip });
  const real = scriptedSignIn(s, 'victim-redirect', {
    t: at(`${DAY}T14:02:29Z`), person: p, ip: officeIp(s),
    app: APPS.officeHome, interactive: true, browser: true, ua: p.laptop.ua,
    device: laptopDevice(p, true), auth: 'prt', mfaRequired: false,
    sessionId: sessionOf(s.w, p, dayOf(at(`${DAY}T14:02:29Z`)), false),
    trusted: `NWF ${p.office.city}`,
  });
  s.fact('victim redirected to the real portal', real.records[0],
    { user: p.upn, ip: officeIp(s).ip });
}

function replay(s: Script, t: number, step: string, exchange: boolean) {
  const p = victim(s);
  const app = exchange ? APPS.exchange : APPS.officeHome;
  const { records } = scriptedSignIn(s, step, {
    t, person: p, ip: REPLAY_HOST, app,
    resource: exchange ? APPS.exchange : APPS.shellServer,
    interactive: false, browser: true, ua: UA.chrome124, device: NO_DEVICE,
    auth: 'token', mfaRequired: true, sessionId: SESSION, lagMs: 1000,
  }, true);
  const ual = records[1].body;
  ual.AppAccessContext = { AADSessionId: SESSION,
    UniqueTokenId: s.rng(`${step}-token`).b64(22) };
  return records;
}

function replays(s: Script): void {
  const p = victim(s);
  const times = ['14:41:10', '14:41:52', '14:42:37', '14:43:15', '14:44:02',
    '14:44:55'];
  times.forEach((hms, i) => {
    const records = replay(s, at(`${DAY}T${hms}Z`), `replay-${i}`, i % 2 === 0);
    if (i === 0) {
      s.fact('token replay from hosting (same session)', records[0],
        { user: p.upn, ip: REPLAY_HOST.ip });
      s.fact('UAL logon of the replayed session', records[1],
        { user: p.upn, ip: REPLAY_HOST.ip });
    }
  });
}

function attackerMailbox(s: Script, step: string): MailboxSession {
  const p = victim(s);
  return scriptedMailbox(s, step, p, REPLAY_HOST.ip, 'owa', SESSION,
    at(`${DAY}T14:41:10Z`));
}

function bulkRead(s: Script): void {
  const p = victim(s);
  const r = s.rng('bulk-read');
  const mbx = attackerMailbox(s, 'read');
  const folders: FolderItems[] = [['\\Inbox', 96], ['\\Archive', 42]].map(
    ([path, n]) => ({
      folderId: folderId(s.w.seed, p, String(path)), path: String(path),
      items: Array.from({ length: Number(n) }, () => {
        const m = mailItem(s.w.seed, r, p, mbx.server, String(path), '');
        return { id: m.id, messageId: m.messageId, size: m.size };
      }),
    }));
  const t = at(`${DAY}T14:57:12Z`);
  const rec = s.add(t, 'ual-exsp', mailItemsAccessed(s.w.company, mbx, t,
    r.guid(), 'Bind', folders));
  s.fact('bulk mail read (OperationCount 138)', rec,
    { user: p.upn, ip: REPLAY_HOST.ip });
}

function rule(
  s: Script,
  step: string,
  t: number,
  name: string,
  params: [string, string][],
): OutRecord {
  const p = victim(s);
  const r = s.rng(step);
  const server = serverOf(s.w.company, p);
  return s.add(t, 'ual-exsp', cmdletRecord(s.w.company, {
    t, id: r.guid(), operation: 'New-InboxRule', actor: p, userType: 0,
    clientIp: `${REPLAY_HOST.ip}:${step === 'hide' ? 50412 : 50977}`,
    appId: APPS.exchange.id,
    objectId: `${mailboxObjectId(s.w.company, p, server)}\\${name}`,
    server, sessionId: r.guid(),
    parameters: [['AlwaysDeleteOutlookRulesBlob', 'False'],
      ['Force', 'False'], ...params, ['Name', name]],
  }));
}

function rules(s: Script): void {
  const p = victim(s);
  const hide = rule(s, 'hide', at(`${DAY}T14:58:03Z`), HIDE_RULE, [
    ['From', CUSTOMER], ['MarkAsRead', 'True'],
    ['MoveToFolder', 'RSS Subscriptions'], ['StopProcessingRules', 'True'],
    ['SubjectOrBodyContainsWords', 'invoice;payment;remittance;bank'],
  ]);
  s.fact('inbox rule hiding the customer\'s replies', hide,
    { user: p.upn, ip: REPLAY_HOST.ip });
  const fwd = rule(s, 'forward', at(`${DAY}T15:01:47Z`), FORWARD_RULE, [
    ['ForwardTo', LOOKALIKE],
    ['SubjectOrBodyContainsWords', 'invoice;remittance'],
  ]);
  s.fact('inbox rule forwarding to the lookalike domain', fwd,
    { user: p.upn, ip: REPLAY_HOST.ip });
}

function mfaRegistration(s: Script): void {
  const p = victim(s);
  const [rec] = s.addAll(auditRecords(s.w, at(`${DAY}T15:06:12.547Z`),
    s.rng('mfa'), {
      activity: 'User registered security info', category: 'UserManagement',
      service: 'Authentication Methods', operationType: 'Add',
      resultReason: 'User registered Authenticator App with Notification ' +
        'and Code',
      by: { person: p, ip: REPLAY_HOST.ip }, targets: [userTarget(p)],
      details: [['Method', 'Authenticator App'], ['Device name', 'iPhone 15'],
        ['User-Agent', UA.chrome124]],
    }, ''));
  s.fact('attacker registers an authenticator', rec,
    { user: p.upn, ip: REPLAY_HOST.ip });
}

function fraudMail(s: Script): void {
  const p = victim(s);
  const r = s.rng('fraud');
  const mbx = attackerMailbox(s, 'fraud-mbx');
  const item = mailItem(s.w.seed, r, p, mbx.server, '\\Sent Items',
    FRAUD_SUBJECT);
  const t = at(`${DAY}T15:20:31Z`);
  const sent = s.add(t, 'ual-exsp', sendRecord(s.w.company, mbx, t,
    r.guid(), item));
  s.fact('payment-fraud mail sent', sent, { user: p.upn,
    ip: REPLAY_HOST.ip });
  const trash = { id: folderId(s.w.seed, p, '\\Deleted Items'),
    path: '\\Deleted Items' };
  const t2 = at(`${DAY}T15:21:05Z`);
  const moved = s.add(t2, 'ual-exsp', deleteRecord(s.w.company, mbx, t2,
    r.guid(), 'MoveToDeletedItems', item, trash));
  s.fact('fraud mail moved to Deleted Items', moved, { user: p.upn,
    ip: REPLAY_HOST.ip });
  const t3 = at(`${DAY}T15:21:19Z`);
  const purged = { ...item, folderId: trash.id, folderPath: trash.path };
  const hard = s.add(t3, 'ual-exsp', deleteRecord(s.w.company, mbx, t3,
    r.guid(), 'HardDelete', purged));
  s.fact('fraud mail purged', hard, { user: p.upn, ip: REPLAY_HOST.ip });
}

function nextMorning(s: Script): void {
  const p = victim(s);
  replay(s, at('2026-10-14T09:20:58Z'), 'replay-next-day', true);
  const mbx = attackerMailbox(s, 'next-day');
  const t = at('2026-10-14T09:21:44Z');
  const folder: FolderItems = {
    folderId: folderId(s.w.seed, p, '\\RSS Subscriptions'),
    path: '\\RSS Subscriptions',
    items: [{ id: mailItem(s.w.seed, s.rng('reply'), p, mbx.server,
      '\\RSS Subscriptions', '').id,
    messageId: '<SN7PR04MB8876E1F0A2C3@SN7PR04MB8876.namprd04.prod.outlook' +
      '.com>', size: 61_337 }],
  };
  const rec = s.add(t, 'ual-exsp', mailItemsAccessed(s.w.company, mbx, t,
    s.rng('reply-id').guid(), 'Bind', [folder]));
  s.fact('attacker reads the hidden customer reply', rec,
    { user: p.upn, ip: REPLAY_HOST.ip });
}

function remediation(s: Script): void {
  const p = victim(s);
  const admin = s.w.scenario.cast.itAdmin;
  const ip = ipAt(s.w, admin, dayOf(at('2026-10-16T16:40:00Z')), LOC.OFFICE);
  const server = serverOf(s.w.company, p);
  [[HIDE_RULE, '16:40:12'], [FORWARD_RULE, '16:40:31']].forEach(
    ([name, hms], i) => {
      const r = s.rng(`remove-${i}`);
      const t = at(`2026-10-16T${hms}Z`);
      const rec = s.add(t, 'ual-exsp', cmdletRecord(s.w.company, {
        t, id: r.guid(), operation: 'Remove-InboxRule', actor: admin,
        userType: 2, clientIp: ip.ip, appId: APPS.exoPowerShell.id,
        objectId: `${mailboxObjectId(s.w.company, p, server)}\\${name}`,
        server, sessionId: r.guid(),
        parameters: [['Identity', `${p.upn}\\${name}`], ['Confirm', 'False']],
      }));
      if (i === 0) s.fact('remediation: rules removed', rec,
        { user: admin.upn, ip: ip.ip });
    });
  adminResets(s, admin, ip.ip);
}

function adminResets(s: Script, admin: Person, ip: string): void {
  const p = victim(s);
  const by = { person: admin, ip };
  const reset = s.addAll(auditRecords(s.w, at('2026-10-16T16:42:05.861Z'),
    s.rng('reset'), {
      activity: 'Reset user password', category: 'UserManagement',
      service: 'Core Directory', operationType: 'Update', by,
      targets: [userTarget(p)],
    }, ''));
  s.fact('remediation: password reset', reset[0], { user: admin.upn, ip });
  s.addAll(auditRecords(s.w, at('2026-10-16T16:42:40.093Z'), s.rng('revoke'), {
    activity: 'Update StsRefreshTokenValidFrom Timestamp',
    category: 'UserManagement', service: 'Core Directory',
    operationType: 'Update', by, targets: [userTarget(p)],
  }, ''));
}

/** Builds incident 2 and its facts. */
export function aitmIncident(
  w: World,
  route: (rec: OutRecord) => string,
): { records: OutRecord[]; facts: IncidentFacts } {
  const s = new Script(w, 'aitm', route);
  const p = victim(s);
  phishRead(s);
  relayedSignIn(s);
  replays(s);
  bulkRead(s);
  rules(s);
  mfaRegistration(s);
  fraudMail(s);
  nextMorning(s);
  remediation(s);
  return { records: s.records, facts: {
    id: 'aitm-bec',
    title: 'AiTM BEC with conversation hijack',
    user: p.upn,
    rawUserId: p.rawUserId === p.upn ? null : p.rawUserId,
    ips: [factIp(AITM_PROXY, 'AiTM proxy (interactive sign-in, axios)'),
      factIp(REPLAY_HOST, 'token replay, rules, fraud mail'),
      factIp(officeIp(s), 'victim office (usual address)')],
    events: s.events,
    details: {
      sessionId: SESSION, hostingAsn: AITM_PROXY.asn,
      hostingOrg: AITM_PROXY.asOrg, replayAsn: REPLAY_HOST.asn,
      replayOrg: REPLAY_HOST.asOrg, aitmUserAgent: UA.axios,
      replayUserAgent: UA.chrome124, hideRuleName: HIDE_RULE,
      hideRuleFolder: 'RSS Subscriptions', forwardRuleName: FORWARD_RULE,
      forwardTo: LOOKALIKE, customer: CUSTOMER, phishSender: PHISH_FROM,
      fraudSubject: FRAUD_SUBJECT, mailItemsAccessedCount: 138,
      mfaDevice: 'iPhone 15',
      messageTraceNote: 'The phishing mail (13:51:40 UTC), the fraud ' +
        'mail recipient and the customer reply are message-trace facts; ' +
        'no message trace is generated.',
    },
  } };
}
