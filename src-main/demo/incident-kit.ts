/**
 * Shared tools of the incident scripts: explicit sign-ins, mailbox and
 * SharePoint sessions on chosen addresses, and fact bookkeeping.
 */
import { APPS, type App } from './apps.js';
import { graphTime, isoMs, ualTime } from './clock.js';
import type { IpInfo } from './ip-plan.js';
import type { FactEvent, FactIp } from './manifest.js';
import type { OutRecord, Stream, Wire } from './records.js';
import { signInRecords } from './render-signin.js';
import { rngFor, type Rng } from './rng.js';
import type { Person } from './scenario.js';
import { serverOf } from './scenario.js';
import {
  NO_RISK,
  resourceFor,
  type AuthKind,
  type Risk,
  type SignInDevice,
  type SignInSpec,
} from './signin.js';
import type { MailboxSession } from './ual.js';
import type { SpSession } from './ual-sharepoint.js';
import type { World } from './world.js';

/** Collects an incident's records and the facts a test will look for. */
export class Script {
  readonly records: OutRecord[] = [];
  readonly events: FactEvent[] = [];
  private n = 0;

  constructor(
    readonly w: World,
    readonly name: string,
    private readonly route: (rec: OutRecord) => string,
  ) {}

  /** A fresh Rng for the next step, stable for the script and step. */
  rng(step: string): Rng {
    return rngFor(this.w.seed, 'incident', this.name, step);
  }

  /** Adds a record; returns it for fact-taking. */
  add(t: number, stream: Stream, body: Wire, unit?: OutRecord['unit']) {
    const rec: OutRecord = { t: wholeSeconds(t, stream),
      key: `~${this.name}.${this.n++}`, stream, body };
    if (unit) rec.unit = unit;
    this.records.push(rec);
    return rec;
  }

  /** Adds records made elsewhere (sign-ins, audit pairs). */
  addAll(list: OutRecord[]): OutRecord[] {
    for (const r of list) {
      r.t = wholeSeconds(r.t, r.stream);
      r.key = `~${this.name}.${this.n++}`;
      this.records.push(r);
    }
    return list;
  }

  /** Notes a key event for the manifest. */
  fact(step: string, rec: OutRecord, e: Partial<FactEvent> = {}): void {
    const [timeText, operation, recordId] = describe(rec.body);
    this.events.push({
      step,
      file: this.route(rec),
      timeText: e.timeText ?? timeText,
      timeUtc: isoMs(rec.t),
      operation: e.operation ?? operation,
      user: e.user ?? '',
      ip: e.ip ?? null,
      recordId: e.recordId ?? recordId,
    });
  }
}

/** Microsoft formats keep whole seconds; Google keeps milliseconds. */
function wholeSeconds(t: number, stream: Stream): number {
  return stream === 'gws' || stream === 'audit' ? t : t - (t % 1000);
}

/** Time text, operation and record ID of any generated record. */
function describe(b: Wire): [string, string, string] {
  if (b.kind === 'admin#reports#activity') {
    const id = b.id as Wire;
    const events = b.events as Wire[];
    return [String(id.time), String(events[0].name),
      String(id.uniqueQualifier)];
  }
  if (b.CreationTime !== undefined) {
    return [String(b.CreationTime), String(b.Operation), String(b.Id)];
  }
  if (b.createdDateTime !== undefined) {
    return [String(b.createdDateTime), 'Sign-in activity', String(b.id)];
  }
  return [String(b.activityDateTime), String(b.activityDisplayName),
    String(b.id)];
}

/** Options of an explicit sign-in. */
export interface SignInOpts {
  t: number;
  person: Person;
  ip: IpInfo;
  app: App;
  resource?: App;
  interactive: boolean;
  browser: boolean;
  ua: string;
  device: SignInDevice;
  auth: AuthKind;
  mfaRequired: boolean;
  sessionId: string;
  risk?: Risk;
  lagMs?: number;
  trusted?: string | null;
}

/** An explicit sign-in: its spec and records (UAL copy if interactive). */
export function scriptedSignIn(
  s: Script,
  step: string,
  o: SignInOpts,
  ualCopy = o.interactive,
): { spec: SignInSpec; records: OutRecord[] } {
  const r = s.rng(step);
  const spec: SignInSpec = {
    t: o.t, id: r.guid(), correlationId: r.guid(), person: o.person,
    ip: o.ip, app: o.app, resource: o.resource ?? resourceFor(o.app),
    interactive: o.interactive,
    clientApp: o.browser ? 'Browser' : 'Mobile Apps and Desktop clients',
    ua: o.ua, device: o.device, errorCode: 0, auth: o.auth,
    mfaRequired: o.mfaRequired, trustedLocation: o.trusted ?? null,
    sessionId: o.sessionId, tokenId: r.b64(22), risk: o.risk ?? NO_RISK,
    ualLagMs: o.lagMs ?? 2000, processingMs: r.int(90, 380),
    requestType: o.auth === 'password+mfa' || o.auth === 'password'
      ? 'Login:login' : o.browser ? 'OAuth2:Authorize' : 'OAuth2:Token',
  };
  const records = signInRecords(s.w, spec, r.guid(), '', ualCopy);
  s.addAll(records);
  return { spec, records };
}

/** An unknown device: what Entra shows for an unregistered client. */
export const NO_DEVICE: SignInDevice = {
  id: '', name: '', os: '', browser: '', compliant: false, managed: false,
  trust: '',
};

/** A mailbox session from an explicit address and client. */
export function scriptedMailbox(
  s: Script,
  step: string,
  p: Person,
  ip: string,
  client: 'owa' | 'desktop',
  aadSessionId: string,
  issuedAt: number,
): MailboxSession {
  const r = s.rng(step);
  const owa = client === 'owa';
  return {
    person: p, ip,
    clientInfo: owa ? 'Client=OWA;Action=ViaProxy' : 'Client=MSExchangeRPC',
    appId: owa ? APPS.exchange.id : APPS.office.id,
    clientAppId: owa ? APPS.exchange.id : APPS.office.id,
    sessionId: r.guid(), aadSessionId, tokenId: r.b64(22), issuedAt,
    server: serverOf(s.w.company, p),
  };
}

/** A SharePoint browser session from an explicit address. */
export function scriptedSp(
  s: Script,
  step: string,
  p: Person,
  ip: string,
  ua: string,
  aadSessionId: string,
): SpSession {
  const r = s.rng(step);
  return { person: p, ip, ua, aadSessionId, correlationId: r.guid(),
    tokenId: r.b64(22), managedDevice: true };
}

/** The manifest entry of an address, from the plan's own data. */
export function factIp(ip: IpInfo, role: string): FactIp {
  return { ip: ip.ip, role, country: ip.place.country,
    region: ip.place.state, city: ip.place.city, asn: ip.asn,
    asOrg: ip.asOrg };
}

/** UTC instant from an ISO string (for readable incident scripts). */
export function at(iso: string): number {
  return Date.parse(iso);
}

/** Both time spellings of a sign-in, for facts. */
export function signInTimes(spec: SignInSpec) {
  return { graph: graphTime(spec.t), ual: ualTime(spec.t + spec.ualLagMs) };
}
