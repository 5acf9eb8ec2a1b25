/**
 * Incident 1 (detections.md §5, Timeline 1): a senior process engineer
 * signs in from China on his own compliant laptop, activates an admin
 * role, downloads 163 tooling files, shares a folder anonymously, mails
 * the drawings to free-mail addresses and forwards his mailbox there,
 * then clears the forwarding before he returns.
 */
import { APPS, UA } from './apps.js';
import { auditRecords, DIRECTORY_APPS } from './audit-records.js';
import { userTarget, type AuditTarget } from './audit.js';
import { folderId, mailItem, siteItem } from './catalog.js';
import { dayOf } from './clock.js';
import {
  Script,
  at,
  factIp,
  scriptedMailbox,
  scriptedSignIn,
  scriptedSp,
} from './incident-kit.js';
import { CN_SHANGHAI, CN_SHENZHEN, type IpInfo } from './ip-plan.js';
import type { IncidentFacts } from './manifest.js';
import type { Absence } from './plan.js';
import type { OutRecord } from './records.js';
import type { Rng } from './rng.js';
import { serverOf, type Person } from './scenario.js';
import {
  cmdletRecord,
  mailItemsAccessed,
  mailboxObjectId,
  sendRecord,
} from './ual.js';
import { spRecord } from './ual-sharepoint.js';
import { laptopDevice, sessionOf, type World } from './world.js';

const SITE = 'Engineering-Tooling';
const GMAIL = 'demo-droth.personal@gmail.com';
const NETEASE = 'demo-sourcing.agent@163.com';
const RULE = 'Tooling archive';
const ROLE = 'SharePoint Administrator';
const SESSION = 'b7e3a1d4-2c5f-4e8b-9a06-3f1d2c4b5e71';

/** The insider is away (no office background) during this window. */
export function insiderAbsence(w: World): Absence {
  return { person: w.scenario.cast.insider.index,
    from: at('2026-10-16T22:45:00Z'), to: at('2026-10-26T11:00:00Z') };
}

function signIn(
  s: Script,
  step: string,
  t: number,
  ip: IpInfo,
  browser: boolean,
  first = false,
) {
  const p = s.w.scenario.cast.insider;
  return scriptedSignIn(s, step, {
    t, person: p, ip, app: browser ? APPS.officeHome : APPS.office,
    interactive: true, browser, ua: browser ? UA.edgeWin : UA.wam,
    device: laptopDevice(p, browser), mfaRequired: true,
    auth: first ? 'password+mfa' : 'prt',
    sessionId: first ? SESSION : sessionOf(s.w, p, dayOf(t), false),
    risk: first ? { level: 'low', state: 'atRisk', events: ['newCountry'] }
      : undefined,
  });
}

function baseline(s: Script): void {
  const p = s.w.scenario.cast.insider;
  const t = at('2026-10-16T22:41:06Z');
  const { records } = signIn(s, 'baseline', t, p.home, true);
  s.fact('last baseline sign-in (home, US)', records[0],
    { user: p.upn, ip: p.home.ip });
}

function firstForeignSignIn(s: Script): void {
  const p = s.w.scenario.cast.insider;
  const { records } = signIn(s, 'cn-first', at('2026-10-18T02:03:17Z'),
    CN_SHENZHEN, true, true);
  s.fact('first sign-in from CN', records[0],
    { user: p.upn, ip: CN_SHENZHEN.ip });
  s.fact('UAL copy of the first CN sign-in', records[1],
    { user: p.upn, ip: CN_SHENZHEN.ip });
}

function roleTarget(): AuditTarget {
  const id = 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c';
  return { id, displayName: ROLE, type: 'Role', upn: null, modified: [
    ['Role.ObjectID', '', JSON.stringify(id)],
    ['Role.DisplayName', '', JSON.stringify(ROLE)],
    ['Role.TemplateId', '', JSON.stringify(id)],
    ['Role.WellKnownObjectName', '', '"SharePointServiceAdministrator"'],
  ] };
}

function roleActivation(s: Script): void {
  const p = s.w.scenario.cast.insider;
  const r = s.rng('pim');
  const by = { person: p, ip: CN_SHENZHEN.ip };
  const role = roleTarget();
  s.addAll(auditRecords(s.w, at('2026-10-18T02:05:40.274Z'), r, {
    activity: 'Add member to role requested (PIM activation)',
    category: 'RoleManagement', service: 'PIM', operationType: 'Assign', by,
    resultReason: 'Tooling data review', targets: [role, userTarget(p)],
  }, ''));
  const pair = s.addAll(auditRecords(s.w, at('2026-10-18T02:05:43.318Z'), r, {
    activity: 'Add member to role', category: 'RoleManagement',
    service: 'Core Directory', operationType: 'Assign',
    by: DIRECTORY_APPS.pim, targets: [userTarget(p, role.modified), role],
  }, ''));
  s.fact('role granted (PIM activation)', pair[0], { user: p.upn });
  s.fact('role granted, UAL copy', pair[1], { user: p.upn });
}

const FIXED_FILES = ['PN-4471_revC.step', 'PN-4471_revC.dwg',
  'Die-Cast-Process-Sheet-v7.pdf', 'Supplier-Costing-2024.xlsx'];

function drawingNames(r: Rng): string[] {
  const names = new Set(FIXED_FILES);
  const kinds = ['step', 'dwg', 'pdf'];
  while (names.size < 163) {
    const pn = r.int(4380, 4530);
    names.add(`PN-${pn}_rev${r.pick(['A', 'B', 'C', 'D'])}.` +
      r.pick(kinds));
  }
  return [...names];
}

function folderOf(name: string): string {
  const m = /^PN-(\d+)/.exec(name);
  return m ? `PN-${m[1]}` : 'Process Sheets';
}

/** 163 download instants: 41 of them inside 02:31:00-02:33:59. */
function downloadTimes(r: Rng): number[] {
  const start = at('2026-10-18T02:10:00Z');
  const peak = at('2026-10-18T02:31:00Z');
  const times: number[] = [];
  for (let i = 0; i < 41; i++) times.push(peak + r.int(0, 179_000));
  for (let i = 0; i < 122; i++) {
    const slot = i < 61 ? start + i * 20_500 : peak + 200_000 +
      (i - 61) * 23_500;
    times.push(slot + r.int(0, 9_000));
  }
  return times.sort((a, b) => a - b);
}

function downloads(s: Script): number {
  const p = s.w.scenario.cast.insider;
  const r = s.rng('downloads');
  const sp = scriptedSp(s, 'sp', p, CN_SHENZHEN.ip, UA.edgeWin, SESSION);
  const names = drawingNames(r);
  const times = downloadTimes(r);
  let bytes = 0;
  names.forEach((name, i) => {
    const item = siteItem(s.w.seed, s.w.company, SITE, folderOf(name), name);
    item.size = sizeOf(name, r);
    bytes += item.size;
    const rec = s.add(times[i], 'ual-exsp', spRecord(s.w.company, times[i],
      r.guid(), 'FileDownloaded', sp, item));
    if (i === 0 || i === names.length - 1) {
      s.fact(i === 0 ? 'first download' : 'last download', rec,
        { user: p.upn, ip: CN_SHENZHEN.ip });
    }
  });
  return bytes;
}

function sizeOf(name: string, r: Rng): number {
  if (name.endsWith('.step')) return r.int(21_000_000, 33_000_000);
  if (name.endsWith('.dwg')) return r.int(9_000_000, 18_000_000);
  if (name.endsWith('.xlsx')) return r.int(600_000, 2_000_000);
  return r.int(2_000_000, 6_000_000);
}

function anonymousLink(s: Script): void {
  const p = s.w.scenario.cast.insider;
  const sp = scriptedSp(s, 'share', p, CN_SHENZHEN.ip, UA.edgeWin, SESSION);
  const folder = siteItem(s.w.seed, s.w.company, SITE, 'PN-4471', '');
  const t = at('2026-10-18T03:12:08Z');
  const rec = s.add(t, 'ual-exsp', spRecord(s.w.company, t,
    s.rng('share-id').guid(), 'AnonymousLinkCreated', sp, folder));
  s.fact('anonymous link on folder PN-4471', rec,
    { user: p.upn, ip: CN_SHENZHEN.ip });
}

function mails(s: Script): string[] {
  const p = s.w.scenario.cast.insider;
  const r = s.rng('send');
  const start = at('2026-10-18T03:20:14Z');
  const mbx = scriptedMailbox(s, 'owa', p, CN_SHENZHEN.ip, 'owa', SESSION,
    at('2026-10-18T02:03:17Z'));
  const subjects: string[] = [];
  for (let i = 1; i <= 7; i++) {
    const t = i === 7 ? at('2026-10-18T03:41:02Z')
      : start + (i - 1) * 200_000 + r.int(0, 40_000);
    const item = mailItem(s.w.seed, r, p, mbx.server, '\\Sent Items',
      `tooling ${i}/7`);
    const attached = r.int(14_000_000, 24_000_000);
    item.size = attached + r.int(20_000, 60_000);
    item.attachments = `PN-44${70 + i}_revC.zip (${attached}b)`;
    subjects.push(item.subject);
    const rec = s.add(t, 'ual-exsp', sendRecord(s.w.company, mbx, t,
      r.guid(), item));
    if (i === 1) s.fact('first mail "tooling 1/7"', rec,
      { user: p.upn, ip: CN_SHENZHEN.ip });
  }
  return subjects;
}

function ownCmdlet(
  s: Script,
  step: string,
  t: number,
  op: string,
  ip: string,
  params: [string, string][],
): OutRecord {
  const p = s.w.scenario.cast.insider;
  const r = s.rng(step);
  const server = serverOf(s.w.company, p);
  const object = mailboxObjectId(s.w.company, p, server);
  return s.add(t, 'ual-exsp', cmdletRecord(s.w.company, {
    t, id: r.guid(), operation: op, actor: p, userType: 0,
    clientIp: `${ip}:${r.int(49152, 65535)}`, appId: APPS.exchange.id,
    objectId: op.endsWith('InboxRule') ? `${object}\\${RULE}` : object,
    server, sessionId: r.guid(), parameters: params,
  }));
}

function forwarding(s: Script): void {
  const p = s.w.scenario.cast.insider;
  const fwd = ownCmdlet(s, 'set-mailbox', at('2026-10-18T03:44:09Z'),
    'Set-Mailbox', CN_SHENZHEN.ip, [
      ['Identity', p.rawUserId],
      ['ForwardingSmtpAddress', `smtp:${GMAIL}`],
      ['DeliverToMailboxAndForward', 'True'],
    ]);
  s.fact('mailbox forwarding to free-mail', fwd,
    { user: p.upn, ip: CN_SHENZHEN.ip });
  const rule = ownCmdlet(s, 'new-rule', at('2026-10-18T03:46:31Z'),
    'New-InboxRule', CN_SHENZHEN.ip, [
      ['AlwaysDeleteOutlookRulesBlob', 'False'], ['Force', 'False'],
      ['ForwardTo', `${GMAIL};${NETEASE}`], ['Name', RULE],
      ['StopProcessingRules', 'False'],
      ['SubjectContainsWords', 'PN-;tooling;die cast'],
    ]);
  s.fact('forwarding inbox rule', rule, { user: p.upn, ip: CN_SHENZHEN.ip });
}

function laterDays(s: Script): void {
  const p = s.w.scenario.cast.insider;
  const days = ['2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22'];
  days.forEach((day, i) => {
    const ip = i % 2 === 0 ? CN_SHENZHEN : CN_SHANGHAI;
    const r = s.rng(`day-${day}`);
    const t = at(`${day}T01:00:00Z`) + r.int(0, 90) * 60_000;
    const { records } = signIn(s, `day-${day}`, t, ip, false);
    if (i === 1) s.fact('sign-in from Shanghai', records[0],
      { user: p.upn, ip: ip.ip });
    dayTokens(s, day, t, ip, r);
    daySyncs(s, day, t, ip, r);
  });
}

function dayTokens(s: Script, day: string, t: number, ip: IpInfo, r: Rng) {
  const p = s.w.scenario.cast.insider;
  const d = dayOf(t);
  for (let k = 0; k < 3; k++) {
    const app = k === 1 ? APPS.teams : APPS.office;
    scriptedSignIn(s, `nonint-${day}-${k}`, {
      t: t + (k + 1) * r.int(25, 70) * 60_000, person: p, ip, app,
      interactive: false, browser: false, ua: UA.wam,
      device: laptopDevice(p, false), auth: 'token', mfaRequired: true,
      sessionId: sessionOf(s.w, p, d, false),
    });
  }
}

function daySyncs(s: Script, day: string, t: number, ip: IpInfo, r: Rng) {
  const p = s.w.scenario.cast.insider;
  const mbx = scriptedMailbox(s, `sync-${day}`, p, ip.ip, 'desktop',
    sessionOf(s.w, p, dayOf(t), false), t);
  const inbox = { folderId: folderId(s.w.seed, p, '\\Inbox'),
    path: '\\Inbox', items: [] };
  for (let k = 0; k < 3; k++) {
    const at2 = t + 60_000 + k * r.int(40, 120) * 60_000;
    s.add(at2, 'ual-exsp', mailItemsAccessed(s.w.company, mbx, at2,
      r.guid(), 'Sync', [inbox]));
  }
}

function cleanup(s: Script): void {
  const p = s.w.scenario.cast.insider;
  const clear = ownCmdlet(s, 'clear', at('2026-10-23T01:30:12Z'),
    'Set-Mailbox', CN_SHANGHAI.ip, [
      ['Identity', p.rawUserId], ['ForwardingSmtpAddress', ''],
    ]);
  s.fact('forwarding cleared', clear, { user: p.upn, ip: CN_SHANGHAI.ip });
  const removed = ownCmdlet(s, 'remove-rule', at('2026-10-23T01:31:40Z'),
    'Remove-InboxRule', CN_SHANGHAI.ip, [
      ['Identity', `${p.displayName}\\${RULE}`], ['Confirm', 'False'],
    ]);
  s.fact('forwarding rule removed', removed,
    { user: p.upn, ip: CN_SHANGHAI.ip });
}

/** Builds incident 1 and its facts. */
export function insiderIncident(
  w: World,
  route: (rec: OutRecord) => string,
): { records: OutRecord[]; facts: IncidentFacts } {
  const s = new Script(w, 'insider', route);
  const p: Person = w.scenario.cast.insider;
  baseline(s);
  firstForeignSignIn(s);
  roleActivation(s);
  const bytes = downloads(s);
  anonymousLink(s);
  const subjects = mails(s);
  forwarding(s);
  laterDays(s);
  cleanup(s);
  return { records: s.records, facts: {
    id: 'insider-exfiltration',
    title: 'Insider data theft from a non-approved country',
    user: p.upn,
    rawUserId: p.rawUserId,
    ips: [factIp(CN_SHENZHEN, 'first foreign sign-in, downloads, mail'),
      factIp(CN_SHANGHAI, 'later sign-ins and clean-up'),
      factIp(p.home, 'usual home address (baseline)')],
    events: s.events,
    details: {
      country: 'CN', deviceId: p.laptop.id, deviceName: p.laptop.name,
      sessionId: SESSION, role: ROLE, site: `https://${w.company.spoHost}` +
        `/sites/${SITE}`, downloads: 163, distinctFiles: 163,
      downloadBytes: bytes, peakDistinctFilesIn3Min: 41,
      anonymousLinkFolder: `/${SITE}/PN-4471`, mailSubjects: subjects,
      forwardingSmtpAddress: `smtp:${GMAIL}`, forwardingRuleName: RULE,
      freeMailRecipients: [GMAIL, NETEASE],
      recipientsNote: 'UAL Send records carry no recipients; both ' +
        'free-mail addresses appear in the rule ForwardTo value and the ' +
        'gmail address in ForwardingSmtpAddress. No message trace is ' +
        'generated.',
      sameDeviceAsBaseline: true,
      awayFrom: new Date(insiderAbsence(w).from).toISOString(),
      awayUntil: new Date(insiderAbsence(w).to).toISOString(),
    },
  } };
}
