import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src-main/demo/generate.js';
import type { IncidentFacts } from '../../src-main/demo/manifest.js';
import { peakIn } from '../../src-main/demo/incident-gws.js';
import {
  eventsOf,
  loadDemo,
  param,
  type DemoData,
  type Obj,
} from './demo-files.js';

let dir: string;
let data: DemoData;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'demo-inc-'));
  data = loadDemo(dir, await generateDemo(dir));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function incident(id: string): IncidentFacts {
  const i = data.manifest.incidents.find((x) => x.id === id);
  if (!i) throw new Error(`no incident ${id}`);
  return i;
}

function params(rec: Obj): Record<string, string> {
  const list = rec.Parameters as { Name: string; Value: string }[];
  return Object.fromEntries(list.map((p) => [p.Name, p.Value]));
}

function signIn(time: string, upn: string): Obj {
  const hit = data.graph.filter((s) => s.createdDateTime === time &&
    s.userPrincipalName === upn);
  expect(hit, `${upn} at ${time}`).toHaveLength(1);
  return hit[0];
}

function ual(list: Obj[], time: string, op: string, user?: string): Obj {
  const hit = list.filter((a) => a.CreationTime === time &&
    a.Operation === op && (!user || a.UserId === user));
  expect(hit, `${op} at ${time}`).toHaveLength(1);
  return hit[0];
}

function gwsAt(app: string, time: string): Obj[] {
  return data.gws[app].filter((i) => (i.id as Obj).time === time);
}

function actor(i: Obj): string {
  return String((i.actor as Obj).email);
}

describe('demo incidents: facts point at real records', () => {
  it('finds every key event in its file with the stated time', () => {
    const byFile: Record<string, (id: string) => Obj[]> = {
      'ual-purview-export.csv': (id) => data.ualCsv.filter((a) => a.Id === id),
      'ual-management-api.json': (id) => data.ualApi.filter((a) => a.Id === id),
      'entra-signins-graph.json': (id) => data.graph.filter((s) => s.id === id),
      'entra-audit-graph.json': (id) => data.audit.filter((a) => a.id === id),
    };
    for (const inc of data.manifest.incidents) {
      for (const e of inc.events) {
        const app = /^gws-reports-(.+)\.json$/.exec(e.file)?.[1];
        const found = app
          ? data.gws[app].filter((i) =>
            (i.id as Obj).uniqueQualifier === e.recordId)
          : byFile[e.file](e.recordId);
        expect(found, `${inc.id}: ${e.step}`).toHaveLength(1);
        const text = JSON.stringify(found[0]);
        expect(text.includes(`"${e.timeText}"`), e.step).toBe(true);
        expect(Date.parse(e.timeUtc)).toBeLessThanOrEqual(Date.parse(
          e.timeText.endsWith('Z') ? e.timeText : `${e.timeText}Z`));
      }
    }
  });
});

describe('demo incident 1: insider data theft from China', () => {
  const upn = 'daniel.roth@northwindforge.com';
  const raw = 'Daniel.Roth@northwindforge.com';
  const device = '6f0c2a4e-93d1-4c7b-a5e8-1d2f3c4b5b21';

  it('signs in from Shenzhen on the baseline device with MFA', () => {
    const s = signIn('2026-10-18T02:03:17Z', upn);
    expect(s.ipAddress).toBe('113.106.72.45');
    expect(s.appId).toBe('4765445b-32c6-49b0-83e6-1d93765276ca');
    expect(s.appDisplayName).toBe('OfficeHome');
    expect(s.clientAppUsed).toBe('Browser');
    expect((s.status as Obj).errorCode).toBe(0);
    expect(s.authenticationRequirement).toBe('multiFactorAuthentication');
    expect((s.authenticationDetails as Obj[]).map((d) =>
      [d.authenticationMethod, d.succeeded])).toEqual([
      ['Password', true], ['Mobile app notification', true]]);
    expect((s.deviceDetail as Obj).deviceId).toBe(device);
    expect((s.deviceDetail as Obj).isCompliant).toBe(true);
    expect(s.riskEventTypes_v2).toEqual(['newCountry']);
    expect(s.riskLevelDuringSignIn).toBe('low');
    expect((s.location as Obj).countryOrRegion).toBe('CN');
    expect(s.autonomousSystemNumber).toBe(4134);
    const before = data.graph.filter((x) => x.userPrincipalName === upn &&
      String(x.createdDateTime) < '2026-10-18');
    expect(before.length).toBeGreaterThan(0);
    for (const b of before.filter((x) => x.isInteractive)) {
      expect((b.location as Obj).countryOrRegion).toBe('US');
      if ((b.deviceDetail as Obj).operatingSystem === 'Windows10') {
        expect((b.deviceDetail as Obj).deviceId).toBe(device);
      }
    }
    expect(String(signIn('2026-10-16T22:41:06Z', upn).userAgent))
      .toBe(String(s.userAgent));
  });

  it('logs the UAL copy two seconds later', () => {
    const u = ual(data.ualApi, '2026-10-18T02:03:19', 'UserLoggedIn', upn);
    expect(u.RecordType).toBe(15);
    expect(u.ActorIpAddress).toBe('113.106.72.45');
    expect(u.ApplicationId).toBe('4765445b-32c6-49b0-83e6-1d93765276ca');
    expect(u.ExtendedProperties).toContainEqual(
      { Name: 'RequestType', Value: 'Login:login' });
  });

  it('activates SharePoint Administrator from China', () => {
    const grant = data.audit.filter((a) =>
      a.activityDisplayName === 'Add member to role' &&
      JSON.stringify(a).includes('SharePoint Administrator'));
    expect(grant).toHaveLength(1);
    expect(grant[0].activityDateTime).toBe('2026-10-18T02:05:43.3188048Z');
    const req = data.audit.filter((a) => a.activityDisplayName ===
      'Add member to role requested (PIM activation)');
    expect(req).toHaveLength(1);
    expect(((req[0].initiatedBy as Obj).user as Obj).ipAddress)
      .toBe('113.106.72.45');
    const copy = ual(data.ualApi, '2026-10-18T02:05:43', 'Add member to role.');
    expect(copy.ObjectId).toBe(upn);
  });

  it('downloads 163 distinct tooling files, 41 of them within 3 minutes', () => {
    const dl = data.ualCsv.filter((a) => a.Operation === 'FileDownloaded' &&
      a.UserId === raw && a.ClientIP === '113.106.72.45');
    expect(dl).toHaveLength(163);
    expect(new Set(dl.map((a) => a.ObjectId)).size).toBe(163);
    const times = dl.map((a) => Date.parse(`${a.CreationTime}Z`))
      .sort((a, b) => a - b);
    expect(new Date(times[0]).toISOString() >= '2026-10-18T02:10').toBe(true);
    expect(new Date(times[162]).toISOString() < '2026-10-18T02:58').toBe(true);
    expect(peakIn(times, 180_000)).toBe(41);
    expect(new Set(dl.map((a) => (a.AppAccessContext as Obj).AADSessionId)))
      .toEqual(new Set(['b7e3a1d4-2c5f-4e8b-9a06-3f1d2c4b5e71']));
    expect(new Set(dl.map((a) => a.SiteUrl))).toEqual(new Set([
      'https://northwindforge.sharepoint.com/sites/Engineering-Tooling/']));
    const names = dl.map((a) => a.SourceFileName);
    for (const n of ['PN-4471_revC.step', 'PN-4471_revC.dwg',
      'Die-Cast-Process-Sheet-v7.pdf', 'Supplier-Costing-2024.xlsx']) {
      expect(names).toContain(n);
    }
    const bytes = dl.reduce((n, a) => n + Number(a.FileSizeBytes), 0);
    expect(bytes).toBe(incident('insider-exfiltration').details.downloadBytes);
    expect(bytes).toBeGreaterThan(2_000_000_000);
  });

  it('shares the PN-4471 folder anonymously', () => {
    const a = ual(data.ualCsv, '2026-10-18T03:12:08', 'AnonymousLinkCreated');
    expect(a.ObjectId).toBe('https://northwindforge.sharepoint.com/sites/' +
      'Engineering-Tooling/Shared Documents/PN-4471');
    expect(a.ItemType).toBe('Folder');
    expect(a.RecordType).toBe(14);
  });

  it('sends seven "tooling n/7" mails from OWA in China', () => {
    const sent = data.ualCsv.filter((a) => a.Operation === 'Send' &&
      a.UserId === raw && a.ClientIP === '113.106.72.45');
    expect(sent.map((a) => (a.Item as Obj).Subject).sort()).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((i) => `tooling ${i}/7`));
    for (const a of sent) {
      expect(a.ClientInfoString).toBe('Client=OWA;Action=ViaProxy');
      expect(String(a.CreationTime) >= '2026-10-18T03:20').toBe(true);
      expect(String(a.CreationTime) <= '2026-10-18T03:41:59').toBe(true);
      const size = Number((a.Item as Obj).SizeInBytes);
      expect(size).toBeGreaterThan(14_000_000);
      expect(size).toBeLessThan(24_100_000);
    }
  });

  it('forwards the mailbox and adds a forwarding rule to free-mail', () => {
    const fwd = ual(data.ualCsv, '2026-10-18T03:44:09', 'Set-Mailbox', raw);
    expect(params(fwd)).toEqual({ Identity: raw,
      ForwardingSmtpAddress: 'smtp:demo-droth.personal@gmail.com',
      DeliverToMailboxAndForward: 'True' });
    const rule = ual(data.ualCsv, '2026-10-18T03:46:31', 'New-InboxRule', raw);
    expect(params(rule).Name).toBe('Tooling archive');
    expect(params(rule).ForwardTo).toBe('demo-droth.personal@gmail.com;' +
      'demo-sourcing.agent@163.com');
    const clear = ual(data.ualCsv, '2026-10-23T01:30:12', 'Set-Mailbox', raw);
    expect(params(clear).ForwardingSmtpAddress).toBe('');
    const facts = incident('insider-exfiltration').details;
    expect(facts.forwardingRuleName).toBe('Tooling archive');
    expect(facts.freeMailRecipients).toEqual([
      'demo-droth.personal@gmail.com', 'demo-sourcing.agent@163.com']);
    expect(facts.role).toBe('SharePoint Administrator');
  });

  it('has no US activity of the insider while he is away', () => {
    const away = (t: string) => t >= '2026-10-16T22:45' && t < '2026-10-26T11';
    const us = data.graph.filter((s) => s.userPrincipalName === upn &&
      away(String(s.createdDateTime)) &&
      (s.location as Obj).countryOrRegion !== 'CN');
    expect(us).toEqual([]);
    const ualUs = data.ualCsv.filter((a) => a.UserId === raw &&
      away(String(a.CreationTime)) && !String(a.ClientIP).startsWith('113.') &&
      !String(a.ClientIP).startsWith('58.'));
    expect(ualUs).toEqual([]);
  });
});

describe('demo incident 2: AiTM phishing and payment fraud', () => {
  const upn = 'maria.lopez@northwindforge.com';
  const session = '5d1c9e0a-8f2b-4c6d-9e1a-7b3c5d2f4a68';

  it('relays the sign-in through DigitalOcean with axios', () => {
    const s = signIn('2026-10-13T14:02:05Z', upn);
    expect(s.ipAddress).toBe('37.139.0.10');
    expect(s.userAgent).toBe('axios/1.7.7');
    expect(s.appId).toBe('4765445b-32c6-49b0-83e6-1d93765276ca');
    expect((s.status as Obj).errorCode).toBe(0);
    expect((s.deviceDetail as Obj).deviceId).toBe('');
    expect(s.sessionId).toBe(session);
    expect(s.riskEventTypes_v2).toEqual(['unfamiliarFeatures']);
    expect(s.autonomousSystemNumber).toBe(14061);
    const real = signIn('2026-10-13T14:02:29Z', upn);
    expect(real.ipAddress).toBe('12.9.128.34');
    expect(real.sessionId).not.toBe(session);
  });

  it('replays the same session from M247 London, non-interactively', () => {
    const replays = data.graph.filter((s) => s.userPrincipalName === upn &&
      s.ipAddress === '45.66.152.200' &&
      String(s.createdDateTime).startsWith('2026-10-13T14:4'));
    expect(replays).toHaveLength(6);
    for (const r of replays) {
      expect(r.isInteractive).toBe(false);
      expect(r.sessionId).toBe(session);
      expect(String(r.userAgent)).toContain('Chrome/124.0.0.0');
    }
    expect(new Set(replays.map((r) => r.appDisplayName))).toEqual(new Set([
      'Office 365 Exchange Online', 'OfficeHome']));
    const logon = ual(data.ualApi, '2026-10-13T14:41:11', 'UserLoggedIn', upn);
    expect((logon.AppAccessContext as Obj).AADSessionId).toBe(session);
    expect(logon.ClientIP).toBe('45.66.152.200');
  });

  it('reads 138 items and creates the two rules', () => {
    const read = ual(data.ualCsv, '2026-10-13T14:57:12', 'MailItemsAccessed');
    expect(read.OperationCount).toBe(138);
    expect(read.ClientIPAddress).toBe('45.66.152.200');
    expect(read.ClientInfoString).toBe('Client=OWA;Action=ViaProxy');
    const hide = ual(data.ualCsv, '2026-10-13T14:58:03', 'New-InboxRule');
    expect(hide.ClientIP).toBe('45.66.152.200:50412');
    expect(params(hide)).toEqual({
      AlwaysDeleteOutlookRulesBlob: 'False', Force: 'False',
      From: 'payables@globex-supplies.example', MarkAsRead: 'True',
      MoveToFolder: 'RSS Subscriptions', StopProcessingRules: 'True',
      SubjectOrBodyContainsWords: 'invoice;payment;remittance;bank',
      Name: '..' });
    const fwd = ual(data.ualCsv, '2026-10-13T15:01:47', 'New-InboxRule');
    expect(params(fwd).Name).toBe('.');
    expect(params(fwd).ForwardTo).toBe('accounts@northwindforqe.example');
    expect(params(fwd).SubjectOrBodyContainsWords).toBe('invoice;remittance');
  });

  it('registers an authenticator, sends the fraud mail and deletes it', () => {
    const mfa = data.audit.filter((a) =>
      a.activityDisplayName === 'User registered security info');
    expect(mfa).toHaveLength(1);
    expect(mfa[0].loggedByService).toBe('Authentication Methods');
    expect(((mfa[0].initiatedBy as Obj).user as Obj).ipAddress)
      .toBe('45.66.152.200');
    const sent = ual(data.ualCsv, '2026-10-13T15:20:31', 'Send');
    expect((sent.Item as Obj).Subject)
      .toBe('RE: Invoice INV-88412 – updated remittance details');
    const moved = ual(data.ualCsv, '2026-10-13T15:21:05', 'MoveToDeletedItems');
    const purged = ual(data.ualCsv, '2026-10-13T15:21:19', 'HardDelete');
    expect(moved.SessionId).toBe(sent.SessionId);
    expect(purged.SessionId).toBe(sent.SessionId);
    const facts = incident('aitm-bec').details;
    expect(facts.fraudSubject).toBe((sent.Item as Obj).Subject);
    expect(facts.hostingAsn).toBe(14061);
    expect(facts.hideRuleName).toBe('..');
  });

  it('is remediated on 2026-10-16 by the IT administrator', () => {
    const removed = data.ualCsv.filter((a) =>
      a.Operation === 'Remove-InboxRule' &&
      String(a.CreationTime).startsWith('2026-10-16T16:40'));
    expect(removed).toHaveLength(2);
    for (const r of removed) {
      expect(r.UserId).toBe('kevin.brandt@northwindforge.com');
    }
    expect(data.audit.filter((a) => a.activityDisplayName ===
      'Reset user password' && JSON.stringify(a).includes(upn))
      .length).toBeGreaterThanOrEqual(1);
  });
});

describe('demo incident 3: Google Workspace takeover', () => {
  const sam = 'sam.keller@northwindforge.net';
  const spray = '185.120.144.66';

  it('sprays 46 users with 52 failures from one M247 address', () => {
    const fails = data.gws.login.filter((i) => i.ipAddress === spray &&
      eventsOf(i)[0].name === 'login_failure');
    expect(fails).toHaveLength(52);
    expect(new Set(fails.map(actor)).size).toBe(46);
    expect(fails.map(actor)).not.toContain(sam);
    for (const f of fails) {
      const e = eventsOf(f)[0];
      expect(param(e, 'login_failure_type'))
        .toBe('login_failure_invalid_password');
      expect(param(e, 'login_challenge_method')).toEqual(['password']);
      const t = String((f.id as Obj).time);
      expect(t >= '2026-10-26T03:08' && t < '2026-10-26T03:38').toBe(true);
    }
    const warned = data.gws.login.filter((i) =>
      eventsOf(i)[0].name === 'suspicious_login');
    expect(warned).toHaveLength(4);
    expect(eventsOf(warned[0])[0].type).toBe('account_warning');
  });

  it('succeeds for the creative director after three failed prompts', () => {
    const prompts = data.gws.login.filter((i) => actor(i) === sam &&
      eventsOf(i)[0].name === 'login_verification');
    expect(prompts).toHaveLength(3);
    for (const p of prompts) {
      expect(param(eventsOf(p)[0], 'login_challenge_status'))
        .toBe('Challenge Failed.');
      expect(param(eventsOf(p)[0], 'is_second_factor')).toBe(true);
    }
    const [ok] = gwsAt('login', '2026-10-26T03:47:12.482Z');
    expect(actor(ok)).toBe(sam);
    expect(ok.ipAddress).toBe(spray);
    expect((ok.networkInfo as Obj).regionCode).toBe('RO');
    const e = eventsOf(ok)[0];
    expect(e.name).toBe('login_success');
    expect(param(e, 'is_suspicious')).toBe(true);
    expect(param(e, 'login_challenge_method'))
      .toEqual(['password', 'google_prompt']);
  });

  it('turns 2SV off, changes recovery info and forwards Gmail', () => {
    for (const app of ['login', 'user_accounts']) {
      const [off] = gwsAt(app, '2026-10-26T03:52:40.117Z');
      expect(eventsOf(off)[0]).toEqual({ type: '2sv_change',
        name: '2sv_disable' });
      const [fwd] = gwsAt(app, '2026-10-26T03:58:05.350Z');
      expect(param(eventsOf(fwd)[0], 'email_forwarding_destination_address'))
        .toBe('demo-sk.archive@gmail.com');
    }
    const [rec] = gwsAt('user_accounts', '2026-10-26T03:53:30.204Z');
    expect(eventsOf(rec).map((e) => e.name)).toEqual(['recovery_email_edit',
      'recovery_phone_edit']);
  });

  it('downloads 412 Drive files and grants an unknown app', () => {
    const dl = data.gws.drive.filter((i) => i.ipAddress === spray);
    expect(dl).toHaveLength(412);
    const titles = dl.map((i) => param(eventsOf(i)[0], 'doc_title'));
    expect(titles).toContain('Client – Meridian Bank – Brand Guidelines.pdf');
    expect(titles).toContain('Q3 Pitch Deck.pptx');
    expect(titles).toContain('Rate Card 2024.xlsx');
    expect(new Set(dl.map((i) => param(eventsOf(i)[0], 'owner'))))
      .toEqual(new Set([sam, 'Clients']));
    const [grant] = gwsAt('token', '2026-10-26T04:33:19.640Z');
    const e = eventsOf(grant)[0];
    expect(e.name).toBe('authorize');
    expect(param(e, 'app_name')).toBe('Docs Sync Helper');
    expect(param(e, 'client_id'))
      .toBe('918273645501-q1w2e3r4t5y6.apps.googleusercontent.com');
    expect(param(e, 'scope')).toEqual(['https://mail.google.com/',
      'https://www.googleapis.com/auth/drive',
      'https://www.googleapis.com/auth/userinfo.email', 'openid']);
  });

  it('is remediated without an admin 2SV switch-off', () => {
    const admin = data.gws.admin.map((i) => eventsOf(i)[0].name);
    expect(admin).not.toContain('TURN_OFF_2_STEP_VERIFICATION');
    expect(gwsAt('admin', '2026-10-29T14:10:05.221Z').map((i) =>
      eventsOf(i)[0].name)).toEqual(['CHANGE_PASSWORD']);
    const calls = data.gws.token.filter((i) => i.ipAddress === '2001:db8:7::15');
    expect(calls.length).toBe(incident('gws-takeover').details.oauthApiCalls);
    for (const c of calls) {
      expect(String((c.id as Obj).time) < '2026-10-29T14:11').toBe(true);
    }
  });
});

describe('demo background: nothing that looks like an incident', () => {
  const insider = 'Daniel.Roth@northwindforge.com';
  const victim = 'maria.lopez@northwindforge.com';

  it('has no forwarding or deleting inbox rules outside the incidents', () => {
    const rules = data.ualCsv.filter((a) =>
      ['New-InboxRule', 'Set-InboxRule'].includes(String(a.Operation)));
    const background = rules.filter((r) =>
      ![insider, victim].includes(String(r.UserId)));
    expect(background.length).toBeGreaterThan(0);
    for (const r of background) {
      const p = params(r);
      expect(p.ForwardTo ?? p.RedirectTo ?? p.DeleteMessage).toBeUndefined();
      expect(p.MoveToFolder).toBe('Newsletters');
    }
    expect(rules.length - background.length).toBe(3);
    const fwd = data.ualCsv.filter((a) => a.Operation === 'Set-Mailbox' &&
      'ForwardingSmtpAddress' in params(a));
    expect(fwd.map((a) => a.UserId)).toEqual([insider, insider]);
  });

  it('grants no privileged role except the documented ones', () => {
    const grants = data.audit.filter((a) =>
      a.activityDisplayName === 'Add member to role');
    expect(grants.map((a) => ((a.targetResources as Obj[])[0])
      .userPrincipalName).sort()).toEqual(['daniel.roth@northwindforge.com',
      'ethan.novak@northwindforge.com']);
  });

  it('turns 2SV off and forwards Gmail only in the takeover', () => {
    const names = ['2sv_disable', 'email_forwarding_out_of_domain'];
    for (const app of ['login', 'user_accounts']) {
      const hits = data.gws[app].filter((i) =>
        eventsOf(i).some((e) => names.includes(String(e.name))));
      expect(new Set(hits.map(actor))).toEqual(
        new Set(['sam.keller@northwindforge.net']));
    }
  });
});
