/**
 * Incident 3 (detections.md §5, Timeline 3): a password spray against
 * the Google Workspace design studio succeeds for the creative director
 * after MFA fatigue; the attacker turns 2-step verification off, changes
 * the recovery details, forwards Gmail out of the domain, downloads 412
 * Drive files and grants an unknown OAuth app mail and drive scopes.
 */
import { gwsDoc, type GwsDoc } from './catalog.js';
import { dayOf, isoMs } from './clock.js';
import { P, micros, type GwsEvent } from './gws.js';
import { Script, at, factIp } from './incident-kit.js';
import { OAUTH_APP_IP, SPRAY_HOST } from './ip-plan.js';
import type { IncidentFacts } from './manifest.js';
import type { OutRecord } from './records.js';
import {
  driveEvent,
  gmailEvent,
  gwsRecord,
  loginEvent,
} from './render-gws.js';
import type { Rng } from './rng.js';
import type { Person } from './scenario.js';
import { LOC } from './plan.js';
import { ipAt, type World } from './world.js';

const FORWARD_TO = 'demo-sk.archive@gmail.com';
const APP_NAME = 'Docs Sync Helper';
const CLIENT_ID = '918273645501-q1w2e3r4t5y6.apps.googleusercontent.com';
const SCOPES = ['https://mail.google.com/',
  'https://www.googleapis.com/auth/drive',
  'https://www.googleapis.com/auth/userinfo.email', 'openid'];
const BUCKET: Record<string, string> = {
  'https://mail.google.com/': 'GMAIL',
  'https://www.googleapis.com/auth/drive': 'DRIVE',
};

function victim(s: Script): Person {
  return s.w.scenario.cast.designLead;
}

function add(
  s: Script,
  t: number,
  app: string,
  actor: Person,
  ip: typeof SPRAY_HOST | string | null,
  events: GwsEvent[],
  r: Rng,
): OutRecord {
  const rec = gwsRecord(s.w, t, '', app, actor, ip, events, r);
  return s.addAll([rec])[0];
}

function sprayTargets(s: Script): Person[] {
  const others = s.w.scenario.gwsPeople.filter((p) => p !== victim(s));
  return s.rng('targets').shuffle(others).slice(0, 46);
}

function spray(s: Script): { users: string[]; failures: number } {
  const r = s.rng('spray');
  const targets = sprayTargets(s);
  const order = [...targets, ...targets.slice(0, 6)];
  const start = at('2026-10-26T03:08:00Z');
  order.forEach((p, i) => {
    const t = start + i * 33_700 + r.int(0, 9_000);
    const ev = loginEvent('login_failure', t, r, ['password'],
      [P.v('login_failure_type', 'login_failure_invalid_password')]);
    const rec = add(s, t, 'login', p, SPRAY_HOST, [ev], r);
    if (i === 0) s.fact('first spray failure', rec,
      { user: String(p.gws?.email), ip: SPRAY_HOST.ip });
  });
  blockedAttempts(s, targets.slice(10, 14), r);
  return { users: targets.map((p) => String(p.gws?.email)),
    failures: order.length };
}

function blockedAttempts(s: Script, users: Person[], r: Rng): void {
  users.forEach((p, i) => {
    const t = at('2026-10-26T03:15:00Z') + i * 420_000 + r.int(0, 60_000);
    add(s, t, 'login', p, SPRAY_HOST, [{
      type: 'account_warning', name: 'suspicious_login', parameters: [
        P.v('affected_email_address', String(p.gws?.email)),
        P.i('login_timestamp', micros(t, r))],
    }], r);
  });
}

function takeover(s: Script): OutRecord {
  const p = victim(s);
  const r = s.rng('takeover');
  const challenge = loginEvent('login_challenge', at('2026-10-26T03:38:50Z'),
    r, ['password'], [P.v('login_challenge_status', 'Challenge Passed.'),
      P.b('is_second_factor', false)]);
  add(s, at('2026-10-26T03:38:50Z'), 'login', p, SPRAY_HOST, [challenge], r);
  ['03:39:31', '03:42:07', '03:45:40'].forEach((hms) => {
    const t = at(`2026-10-26T${hms}Z`);
    add(s, t, 'login', p, SPRAY_HOST, [loginEvent('login_verification', t, r,
      ['google_prompt'], [P.v('login_challenge_status', 'Challenge Failed.'),
        P.b('is_second_factor', true)])], r);
  });
  const t = at('2026-10-26T03:47:12.482Z');
  const ev = loginEvent('login_success', t, r, ['password', 'google_prompt']);
  const flagged = (ev.parameters ?? []).map((x) =>
    x.name === 'is_suspicious' ? P.b('is_suspicious', true) : x);
  const rec = add(s, t, 'login', p, SPRAY_HOST,
    [{ ...ev, parameters: flagged }], r);
  s.fact('suspicious login success from RO', rec,
    { user: String(p.gws?.email), ip: SPRAY_HOST.ip });
  return rec;
}

function accountChanges(s: Script): void {
  const p = victim(s);
  const email = String(p.gws?.email);
  const r = s.rng('account');
  const off: GwsEvent = { type: '2sv_change', name: '2sv_disable' };
  const t1 = at('2026-10-26T03:52:40.117Z');
  const rec = add(s, t1, 'user_accounts', p, SPRAY_HOST, [off], r);
  add(s, t1, 'login', p, SPRAY_HOST, [off], r);
  s.fact('2-step verification turned off', rec, { user: email,
    ip: SPRAY_HOST.ip });
  add(s, at('2026-10-26T03:53:30.204Z'), 'user_accounts', p, SPRAY_HOST, [
    { type: 'recovery_info_change', name: 'recovery_email_edit' },
    { type: 'recovery_info_change', name: 'recovery_phone_edit' },
  ], r);
  const fwd: GwsEvent = { type: 'email_forwarding_change',
    name: 'email_forwarding_out_of_domain', parameters: [
      P.v('email_forwarding_destination_address', FORWARD_TO)] };
  const t3 = at('2026-10-26T03:58:05.350Z');
  const f = add(s, t3, 'user_accounts', p, SPRAY_HOST, [fwd], r);
  add(s, t3, 'login', p, SPRAY_HOST, [fwd], r);
  s.fact('Gmail forwarding out of the domain', f, { user: email,
    ip: SPRAY_HOST.ip });
}

const CLIENTS = ['Meridian Bank', 'Globex', 'Initech', 'Umbrella Health',
  'Vandelay Imports', 'Hooli', 'Soylent Foods', 'Stark Logistics',
  'Wayne Aerospace', 'Acme Tooling', 'Cyberdyne', 'Tyrell Mobility',
  'Wonka Confections', 'Oscorp Labs', 'Gringotts Credit', 'Duff Brewing',
  'Pied Piper', 'Aperture Labs', 'Monarch Air', 'Nakatomi Trading'];

const ASSETS = ['Brand Guidelines.pdf', 'Campaign Plan.pptx',
  'Media Budget.xlsx', 'Creative Brief.docx', 'Logo Pack.pdf',
  'Pitch Deck.pptx', 'Contract.pdf', 'Rate Card.xlsx', 'Style Sheet.pdf',
  'Q4 Report.pptx', 'Photo Release Forms.pdf', 'Storyboards.pdf',
  'Social Plan.xlsx', 'Web Copy.docx', 'Print Proofs.pdf',
  'Launch Timeline.xlsx', 'Persona Research.pdf', 'Event Plan.docx',
  'Packaging Dielines.pdf', 'Analytics Export.xlsx', 'Invoice Log.xlsx'];

function stolenDocs(s: Script): GwsDoc[] {
  const owner = String(victim(s).gws?.email);
  const fixed = ['Client – Meridian Bank – Brand Guidelines.pdf',
    'Q3 Pitch Deck.pptx', 'Rate Card 2024.xlsx'];
  const titles = [...fixed];
  for (const c of CLIENTS) {
    for (const a of ASSETS) {
      if (titles.length < 412) titles.push(`Client – ${c} – ${a}`);
    }
  }
  return titles.map((title, i) => gwsDoc(s.w.seed, title, owner,
    i % 3 === 2 ? 'Clients' : null));
}

function downloads(s: Script): { count: number; peak: number } {
  const p = victim(s);
  const r = s.rng('drive');
  const docs = stolenDocs(s);
  const start = at('2026-10-26T04:04:00Z');
  const span = at('2026-10-26T04:31:00Z') - start;
  const times = docs.map(() => start + r.int(0, span)).sort((a, b) => a - b);
  docs.forEach((doc, i) => {
    const rec = add(s, times[i], 'drive', p, SPRAY_HOST,
      [driveEvent('download', doc, 'shared_internally')], r);
    if (i === 0 || i === docs.length - 1) {
      s.fact(i === 0 ? 'first Drive download' : 'last Drive download', rec,
        { user: String(p.gws?.email), ip: SPRAY_HOST.ip });
    }
  });
  return { count: docs.length, peak: peakIn(times, 300_000) };
}

/** The largest number of instants inside any window of the given span. */
export function peakIn(times: number[], span: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi] - times[lo] >= span) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

function oauthGrant(s: Script): void {
  const p = victim(s);
  const r = s.rng('oauth');
  const scopeData = SCOPES.map((scope) => [P.v('scope_name', scope),
    P.m('product_bucket', [BUCKET[scope] ?? 'IDENTITY'])]);
  const rec = add(s, at('2026-10-26T04:33:19.640Z'), 'token', p, SPRAY_HOST, [{
    type: 'auth', name: 'authorize', parameters: [
      P.v('client_id', CLIENT_ID), P.v('app_name', APP_NAME),
      P.v('client_type', 'WEB'), P.mm('scope_data', scopeData),
      P.m('scope', SCOPES)],
  }], r);
  s.fact('OAuth grant to an unknown app', rec,
    { user: String(p.gws?.email), ip: SPRAY_HOST.ip });
}

const API_CALLS = [['gmail', 'gmail.users.messages.list', 'GMAIL'],
  ['gmail', 'gmail.users.messages.get', 'GMAIL'],
  ['drive', 'drive.files.list', 'DRIVE'], ['drive', 'drive.files.get', 'DRIVE']];

function appActivity(s: Script): number {
  const p = victim(s);
  const r = s.rng('app-activity');
  let t = at('2026-10-26T04:41:00Z');
  const end = at('2026-10-29T14:09:00Z');
  let n = 0;
  while (t < end) {
    const [api, method, bucket] = r.pick(API_CALLS);
    add(s, t, 'token', p, OAUTH_APP_IP, [{ type: 'auth', name: 'activity',
      parameters: [P.v('app_name', APP_NAME), P.v('client_id', CLIENT_ID),
        P.v('client_type', 'WEB'), P.v('api_name', api),
        P.v('method_name', method), P.i('num_response_bytes',
          r.int(2_000, 900_000)), P.v('product_bucket', bucket)] }], r);
    n++;
    t += r.int(35, 110) * 60_000;
  }
  return n;
}

function forwardedCopies(s: Script): number {
  const p = victim(s);
  const r = s.rng('forwarded');
  const me = String(p.gws?.email);
  let t = at('2026-10-26T05:12:00Z');
  let n = 0;
  while (t < at('2026-10-31T23:00:00Z')) {
    add(s, t, 'gmail', p, null, [gmailEvent(t, r, 11, me, FORWARD_TO,
      r.pick(['RE: Brand refresh timeline', 'Invoice 2026-10 attached',
        'Proofs for approval', 'Contract redlines', 'Media plan v2'],
      ), r.chance(0.4) ? 1 : 0)], r);
    n++;
    t += r.int(3, 9) * 3_600_000;
  }
  return n;
}

function remediation(s: Script): void {
  const p = victim(s);
  const admin = s.w.scenario.cast.itAdmin;
  const r = s.rng('remediation');
  const email = String(p.gws?.email);
  const adminIp = ipAt(s.w, admin, dayOf(at('2026-10-29T14:10:00Z')),
    LOC.OFFICE);
  const reset = add(s, at('2026-10-29T14:10:05.221Z'), 'admin', admin,
    adminIp, [{ type: 'USER_SETTINGS', name: 'CHANGE_PASSWORD',
      parameters: [P.v('USER_EMAIL', email)] }], r);
  s.fact('remediation: password changed by admin', reset,
    { user: String(admin.gws?.email), ip: adminIp.ip });
  add(s, at('2026-10-29T14:10:40.018Z'), 'admin', admin, adminIp, [{
    type: 'USER_SETTINGS', name: 'RESET_SIGNIN_COOKIES',
    parameters: [P.v('USER_EMAIL', email)] }], r);
  const revoke = add(s, at('2026-10-29T14:11:20.730Z'), 'token', p, null, [{
    type: 'auth', name: 'revoke', parameters: [P.v('client_id', CLIENT_ID),
      P.v('app_name', APP_NAME), P.v('client_type', 'WEB'),
      P.m('scope', SCOPES)] }], r);
  s.fact('remediation: OAuth token revoked', revoke, { user: email });
}

/** Builds incident 3 and its facts. */
export function gwsIncident(
  w: World,
  route: (rec: OutRecord) => string,
): { records: OutRecord[]; facts: IncidentFacts } {
  const s = new Script(w, 'gws', route);
  const p = victim(s);
  const sprayed = spray(s);
  const success = takeover(s);
  accountChanges(s);
  const drive = downloads(s);
  oauthGrant(s);
  const calls = appActivity(s);
  const copies = forwardedCopies(s);
  remediation(s);
  return { records: s.records, facts: {
    id: 'gws-takeover',
    title: 'Google Workspace account takeover',
    user: String(p.gws?.email),
    rawUserId: null,
    ips: [factIp(SPRAY_HOST, 'password spray and takeover source')],
    events: s.events,
    details: {
      sprayIps: [SPRAY_HOST.ip], sprayFailures: sprayed.failures,
      sprayDistinctUsers: sprayed.users.length, sprayedUsers: sprayed.users,
      blockedSuspiciousLogins: 4, mfaPromptsFailed: 3,
      compromisedAccount: String(p.gws?.email), newCountry: 'RO',
      successTime: isoMs(success.t), forwardingAddress: FORWARD_TO,
      driveDownloads: drive.count, drivePeakIn5Min: drive.peak,
      oauthAppName: APP_NAME, oauthClientId: CLIENT_ID, oauthScopes: SCOPES,
      oauthApiCalls: calls, oauthApiIp: OAUTH_APP_IP,
      autoForwardedCopies: copies,
      forwardingNote: 'The remediation did not remove the Gmail ' +
        'forwarding: auto-forwarded copies continue to the end of the ' +
        'window.',
    },
  } };
}
