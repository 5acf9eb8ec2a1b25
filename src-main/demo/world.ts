/**
 * The shared rendering context: the scenario plus the helpers that turn
 * a person, a day and a place into addresses, devices and sessions.
 */
import { APPS, UA } from './apps.js';
import {
  MOBILE_POOLS,
  OFFICE_IPS,
  SCOTLAND_POOL,
  poolIp,
  type IpInfo,
} from './ip-plan.js';
import { LOC } from './plan.js';
import { rngFor } from './rng.js';
import type { Company, Person, Scenario } from './scenario.js';
import { serverOf } from './scenario.js';
import type { SignInDevice } from './signin.js';
import type { MailboxSession } from './ual.js';
import type { SpSession } from './ual-sharepoint.js';

/** The scenario and its seed, as every renderer needs them. */
export interface World {
  seed: number;
  scenario: Scenario;
  company: Company;
  people: Person[];
  /** IDs of the two Conditional Access policies. */
  policyIds: [string, string];
}

/** Builds the rendering context of a scenario. */
export function makeWorld(scenario: Scenario): World {
  const r = rngFor(scenario.seed, 'conditional-access');
  return {
    seed: scenario.seed,
    scenario,
    company: scenario.company,
    people: scenario.people,
    policyIds: [r.guid(), r.guid()],
  };
}

/** The address a person uses at a place on a day. */
export function ipAt(w: World, p: Person, d: number, x: number): IpInfo {
  if (x === LOC.OFFICE) {
    const ips = OFFICE_IPS[p.office.code];
    return ips[(p.index + d + 100) % ips.length];
  }
  if (x === LOC.HOME) return p.home;
  if (x === LOC.TRAVEL) {
    return poolIp(SCOTLAND_POOL, rngFor(w.seed, 'travel', p.index, d));
  }
  const pools = MOBILE_POOLS[p.office.country];
  const r = rngFor(w.seed, 'mobile', p.index, d);
  return poolIp(r.chance(0.8) ? p.mobilePool : r.pick(pools), r);
}

/** The trusted named location of an office address, if any. */
export function trustedLocation(p: Person, x: number): string | null {
  return x === LOC.OFFICE ? `NWF ${p.office.city}` : null;
}

/** The laptop as a sign-in device; browser apps show the browser. */
export function laptopDevice(p: Person, browser: boolean): SignInDevice {
  return {
    id: p.laptop.id,
    name: p.laptop.name,
    os: 'Windows10',
    browser: browser ? `${p.laptop.browser} 147.0.0` : 'Rich Client 5.7.1.0',
    compliant: true,
    managed: true,
    trust: 'Azure AD joined',
  };
}

/** The phone as a sign-in device. */
export function phoneDevice(p: Person): SignInDevice {
  return {
    id: p.phone.id,
    name: p.phone.model,
    os: p.phone.os,
    browser: 'Rich Client 4.64.0.0',
    compliant: true,
    managed: true,
    trust: 'Azure AD registered',
  };
}

/** The Entra session of a person's device class on a day. */
export function sessionOf(
  w: World,
  p: Person,
  d: number,
  phone: boolean,
): string {
  const span = phone ? Math.floor((d + 7) / 7) : d;
  return rngFor(w.seed, 'session', p.index, span, phone ? 1 : 0).guid();
}

type MailClient = 'desktop' | 'owa' | 'mobile';

const CLIENT_INFO: Record<MailClient, string> = {
  desktop: 'Client=MSExchangeRPC',
  owa: 'Client=OWA;Action=ViaProxy',
  mobile: 'Client=REST;Client=RESTSystem;;',
};

const CLIENT_APP: Record<MailClient, string> = {
  desktop: APPS.office.id,
  owa: APPS.exchange.id,
  mobile: APPS.outlookMobile.id,
};

/** The mailbox session of a client on a person's day. */
export function mailSession(
  w: World,
  p: Person,
  d: number,
  x: number,
  client: MailClient,
  t: number,
): MailboxSession {
  const r = rngFor(w.seed, 'mailbox-session', p.index, d, client);
  return {
    person: p,
    ip: ipAt(w, p, d, x).ip,
    clientInfo: CLIENT_INFO[client],
    appId: CLIENT_APP[client],
    clientAppId: CLIENT_APP[client],
    sessionId: r.guid(),
    aadSessionId: sessionOf(w, p, d, client === 'mobile'),
    tokenId: r.b64(22),
    issuedAt: t - r.int(5, 55) * 60_000,
    server: serverOf(w.company, p),
  };
}

/** The SharePoint session of a person's laptop on a day. */
export function spSession(
  w: World,
  p: Person,
  d: number,
  x: number,
  desktopApp: string | null,
): SpSession {
  const r = rngFor(w.seed, 'sp-session', p.index, d, desktopApp ?? '');
  return {
    person: p,
    ip: ipAt(w, p, d, x).ip,
    ua: desktopApp
      ? `Microsoft Office ${desktopApp} 2014 (16.0.19328) Windows NT 10.0`
      : p.laptop.ua,
    aadSessionId: sessionOf(w, p, d, false),
    correlationId: r.guid(),
    tokenId: r.b64(22),
    managedDevice: true,
  };
}

/** The Outlook user agent of a person's phone. */
export function phoneUa(p: Person): string {
  return p.phone.os === 'Ios' ? UA.outlookIos : UA.outlookAndroid;
}
