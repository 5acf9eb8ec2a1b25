/**
 * Google Workspace Admin SDK Reports API activities (activities.list
 * items) with every parameter type the API uses.
 */
import { isoMs } from './clock.js';
import type { IpInfo } from './ip-plan.js';
import type { Wire } from './records.js';
import type { Rng } from './rng.js';
import type { Company, Person } from './scenario.js';

/** One event of an activity. */
export interface GwsEvent {
  type?: string;
  name: string;
  parameters?: Wire[];
}

/** Parameter constructors, one per value type of the API. */
export const P = {
  v: (name: string, value: string): Wire => ({ name, value }),
  b: (name: string, boolValue: boolean): Wire => ({ name, boolValue }),
  i: (name: string, n: number): Wire => ({ name, intValue: String(n) }),
  m: (name: string, multiValue: string[]): Wire => ({ name, multiValue }),
  msg: (name: string, parameter: Wire[]): Wire =>
    ({ name, messageValue: { parameter } }),
  mm: (name: string, list: Wire[][]): Wire => ({
    name,
    multiMessageValue: list.map((parameter) => ({ parameter })),
  }),
};

/** An activity's identity: who, from where, and its unique qualifier. */
export interface GwsActivitySpec {
  t: number;
  app: string;
  actor: Person;
  ip: IpInfo | string | null;
  events: GwsEvent[];
}

/** A quoted entity tag in the style of Google's APIs. */
export function gwsEtag(r: Rng): string {
  return `"${r.b64(27)}/${r.b64(27)}"`;
}

function uniqueQualifier(r: Rng): string {
  return `${r.chance(0.5) ? '-' : ''}${r.digits(18)}`;
}

function eventWire(e: GwsEvent): Wire {
  const w: Wire = {};
  if (e.type) w.type = e.type;
  w.name = e.name;
  if (e.parameters) w.parameters = e.parameters;
  return w;
}

/** One admin#reports#activity item. */
export function gwsActivity(c: Company, s: GwsActivitySpec, r: Rng): Wire {
  const gws = s.actor.gws;
  if (!gws) throw new Error(`${s.actor.upn} has no Google account`);
  const w: Wire = {
    kind: 'admin#reports#activity',
    id: {
      time: isoMs(s.t),
      uniqueQualifier: uniqueQualifier(r),
      applicationName: s.app,
      customerId: c.gwsCustomerId,
    },
    etag: gwsEtag(r),
    actor: { callerType: 'USER', email: gws.email, profileId: gws.profileId },
  };
  if (typeof s.ip === 'string') w.ipAddress = s.ip;
  else if (s.ip) {
    w.ipAddress = s.ip.ip;
    w.networkInfo = {
      ipAsn: [s.ip.asn],
      regionCode: s.ip.place.country,
      subdivisionCode: s.ip.place.sub,
    };
  }
  w.events = s.events.map(eventWire);
  return w;
}

/** Epoch microseconds as the login events' login_timestamp carries. */
export function micros(t: number, r: Rng): number {
  return t * 1000 + r.int(0, 999);
}
