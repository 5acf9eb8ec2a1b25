/**
 * Renders planned Google Workspace activities (design studio accounts)
 * into Reports API activities of the login, drive, gmail and token
 * applications.
 */
import { studioDoc, subjectLine, type GwsDoc } from './catalog.js';
import { P, gwsActivity, micros, type GwsEvent } from './gws.js';
import type { IpInfo } from './ip-plan.js';
import { K, type Act } from './plan.js';
import type { OutRecord, Wire } from './records.js';
import { rngFor, type Rng } from './rng.js';
import type { Person } from './scenario.js';
import { ipAt, type World } from './world.js';

/** A GWS record for the writer of its application. */
export function gwsRecord(
  w: World,
  t: number,
  key: string,
  app: string,
  actor: Person,
  ip: IpInfo | string | null,
  events: GwsEvent[],
  r: Rng,
): OutRecord {
  const body = gwsActivity(w.company, { t, app, actor, ip, events }, r);
  return { t, key, stream: 'gws', body };
}

/** A login event with the parameters Google logs for it. */
export function loginEvent(
  name: string,
  t: number,
  r: Rng,
  methods: string[],
  extra: Wire[] = [],
): GwsEvent {
  return {
    type: 'login',
    name,
    parameters: [
      P.v('login_type', 'google_password'),
      P.m('login_challenge_method', methods),
      ...extra,
      P.b('is_suspicious', false),
      P.i('login_timestamp', micros(t, r)),
    ],
  };
}

/** A Drive access event on a document. */
export function driveEvent(name: string, doc: GwsDoc, visibility: string) {
  const shared = doc.sharedDrive !== null;
  return {
    type: 'access',
    name,
    parameters: [
      P.b('primary_event', true),
      P.b('billable', true),
      P.v('owner', shared ? String(doc.sharedDrive) : doc.owner),
      P.b('owner_is_shared_drive', shared),
      P.v('doc_id', doc.id),
      P.v('doc_type', doc.type),
      P.v('doc_title', doc.title),
      P.v('visibility', visibility),
      P.b('actor_is_collaborator_account', false),
    ],
  };
}

/** A Gmail delivery event (Reports API gmail application). */
export function gmailEvent(
  t: number,
  r: Rng,
  kind: number,
  from: string,
  to: string,
  subject: string,
  attachments = 0,
): GwsEvent {
  const info = [P.i('mail_event_type', kind), P.b('success', true),
    P.i('elapsed_time_usec', r.int(90_000, 900_000)),
    P.i('timestamp_usec', micros(t, r))];
  const message = [
    P.v('rfc2822_message_id', `<CA+${r.b64(40)}@mail.gmail.com>`),
    P.v('subject', subject),
    P.msg('source', [P.v('address', from), P.v('from_header_address', from)]),
    P.mm('destination', [[P.v('address', to), P.v('service',
      kind === 11 ? 'smtp-outbound' : 'gmail-ui')]]),
    P.i('num_message_attachments', attachments),
    P.i('payload_size', r.int(6_000, 240_000) + attachments * 900_000),
  ];
  return {
    type: 'delivery_type',
    name: 'delivery',
    parameters: [P.msg('event_info', info), P.msg('message_info', message)],
  };
}

const DRIVE_OPS = ['view', 'edit', 'download', 'upload'];

const PARTNERS = ['studio@lumenagency.example', 'print@inkwellpress.example',
  'events@expo-chicago.example'];

function driveAct(w: World, a: Act, p: Person, r: Rng): GwsEvent[] {
  const owner = r.chance(0.6) ? p : w.scenario.gwsPeople[
    r.int(0, w.scenario.gwsPeople.length - 1)];
  const doc = studioDoc(w.seed, r, String(owner.gws?.email));
  return [driveEvent(DRIVE_OPS[a.y], doc, r.pick(['private',
    'shared_internally', 'people_within_domain_with_link']))];
}

function mailAct(w: World, a: Act, p: Person, r: Rng): GwsEvent[] {
  const me = String(p.gws?.email);
  const other = r.chance(0.5) ? r.pick(PARTNERS) : String(w.scenario
    .gwsPeople[r.int(0, w.scenario.gwsPeople.length - 1)].gws?.email);
  const inbound = a.y === 0;
  return [gmailEvent(a.t, r, inbound ? 2 : 1, inbound ? other : me,
    inbound ? me : other, subjectLine(r), r.chance(0.2) ? 1 : 0)];
}

const KNOWN_APPS = [
  ['Zoom for Google Workspace', '849883241272-ed6lnr4kkh1bqr0m3jpcflu8qc3dsmr8'],
  ['Miro', '1062022683225-7pqm3m3bch4o5cf5nmjm0b0kg2mes3sk'],
];

function tokenAct(r: Rng): GwsEvent[] {
  const [name, id] = r.pick(KNOWN_APPS);
  return [{
    type: 'auth',
    name: 'activity',
    parameters: [
      P.v('app_name', name),
      P.v('client_id', `${id}.apps.googleusercontent.com`),
      P.v('client_type', 'WEB'),
      P.v('api_name', 'calendar'),
      P.v('method_name', 'calendar.events.list'),
      P.i('num_response_bytes', r.int(800, 40_000)),
      P.v('product_bucket', 'CALENDAR'),
    ],
  }];
}

const APP_OF: Record<number, string> = {
  [K.GWS_LOGIN]: 'login',
  [K.GWS_LOGOUT]: 'login',
  [K.GWS_DRIVE]: 'drive',
  [K.GWS_MAIL]: 'gmail',
  [K.GWS_TOKEN]: 'token',
};

/** The Reports API activity of a planned GWS activity. */
export function renderGws(w: World, a: Act): OutRecord[] {
  const r = rngFor(w.seed, 'act', a.p, a.d, a.s);
  const p = w.people[a.p];
  const ip = ipAt(w, p, a.d, a.x);
  let events: GwsEvent[];
  if (a.k === K.GWS_LOGIN) {
    const methods = r.chance(0.3) ? ['password', 'google_prompt']
      : ['password'];
    events = [loginEvent('login_success', a.t, r, methods)];
  } else if (a.k === K.GWS_LOGOUT) {
    events = [{ type: 'logout', name: 'logout', parameters: [
      P.i('login_timestamp', micros(a.t, r))] }];
  } else if (a.k === K.GWS_DRIVE) events = driveAct(w, a, p, r);
  else if (a.k === K.GWS_MAIL) events = mailAct(w, a, p, r);
  else events = tokenAct(r);
  const inbound = a.k === K.GWS_MAIL && a.y === 0;
  return [gwsRecord(w, a.t, `${a.p}.${a.d}.${a.s}`, APP_OF[a.k], p,
    inbound ? null : ip, events, r)];
}
