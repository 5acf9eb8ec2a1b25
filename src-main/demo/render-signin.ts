/**
 * Renders planned sign-in activities: the Entra sign-in record and, for
 * interactive ones, its unified audit log copy.
 */
import { APPS, UA, type App } from './apps.js';
import { AUTH, K, SIGNIN_APP, type Act } from './plan.js';
import type { OutRecord } from './records.js';
import { rngFor, type Rng } from './rng.js';
import type { Person } from './scenario.js';
import {
  NO_RISK,
  logonRecord,
  resourceFor,
  signInResource,
  type AuthKind,
  type SignInDevice,
  type SignInSpec,
} from './signin.js';
import {
  ipAt,
  laptopDevice,
  phoneDevice,
  phoneUa,
  sessionOf,
  trustedLocation,
  type World,
} from './world.js';

const APP_OF: Record<number, App> = {
  [SIGNIN_APP.OFFICE_HOME]: APPS.officeHome,
  [SIGNIN_APP.OFFICE_DESKTOP]: APPS.office,
  [SIGNIN_APP.TEAMS]: APPS.teams,
  [SIGNIN_APP.OUTLOOK_MOBILE]: APPS.outlookMobile,
  [SIGNIN_APP.AZURE_PORTAL]: APPS.azurePortal,
  [SIGNIN_APP.MY_SIGNINS]: APPS.mySignins,
  [SIGNIN_APP.ONEDRIVE]: APPS.oneDriveSync,
};

const AUTH_KIND: Record<number, AuthKind> = {
  [AUTH.PRT]: 'prt',
  [AUTH.TOKEN]: 'token',
  [AUTH.PASSWORD]: 'password',
  [AUTH.PASSWORD_MFA]: 'password+mfa',
};

const ERROR_OF: Record<number, number> = {
  [K.SIGNIN]: 0,
  [K.NONINTERACTIVE]: 0,
  [K.SIGNIN_FAIL]: 50126,
  [K.SIGNIN_MFA_INTERRUPT]: 50074,
  [K.SIGNIN_KMSI]: 50140,
  [K.SIGNIN_DISABLED]: 50057,
};

function isBrowserApp(y: number): boolean {
  return y === SIGNIN_APP.OFFICE_HOME || y === SIGNIN_APP.AZURE_PORTAL ||
    y === SIGNIN_APP.MY_SIGNINS;
}

function deviceFor(p: Person, y: number): SignInDevice {
  return y === SIGNIN_APP.OUTLOOK_MOBILE
    ? phoneDevice(p) : laptopDevice(p, isBrowserApp(y));
}

function uaFor(p: Person, y: number): string {
  if (y === SIGNIN_APP.OUTLOOK_MOBILE) return phoneUa(p);
  if (y === SIGNIN_APP.ONEDRIVE) return UA.oneDrive;
  return isBrowserApp(y) ? p.laptop.ua : UA.wam;
}

function requestType(kind: AuthKind, code: number, browser: boolean) {
  if (code === 50140) return 'Kmsi:kmsi';
  if (kind === 'password' || kind === 'password+mfa') return 'Login:login';
  return browser ? 'OAuth2:Authorize' : 'OAuth2:Token';
}

/** The specification of a planned sign-in, stable for the activity. */
export function signInSpecOf(w: World, a: Act, r: Rng): SignInSpec {
  const p = w.people[a.p];
  const interactive = a.k !== K.NONINTERACTIVE;
  const app = APP_OF[a.y];
  const auth = interactive ? AUTH_KIND[a.z] : 'token';
  const errorCode = ERROR_OF[a.k];
  const phone = a.y === SIGNIN_APP.OUTLOOK_MOBILE;
  return {
    t: a.t,
    id: r.guid(),
    correlationId: r.guid(),
    person: p,
    ip: ipAt(w, p, a.d, a.x),
    app,
    resource: resourceFor(app),
    interactive,
    clientApp: isBrowserApp(a.y) ? 'Browser'
      : 'Mobile Apps and Desktop clients',
    ua: uaFor(p, a.y),
    device: deviceFor(p, a.y),
    errorCode,
    auth,
    mfaRequired: a.x !== 0 || a.y === SIGNIN_APP.AZURE_PORTAL,
    trustedLocation: trustedLocation(p, a.x),
    sessionId: sessionOf(w, p, a.d, phone),
    tokenId: r.b64(22),
    risk: NO_RISK,
    ualLagMs: r.int(800, 4200),
    processingMs: r.int(60, 420),
    requestType: requestType(auth, errorCode, isBrowserApp(a.y)),
  };
}

/** The Entra record and, when interactive, the UAL logon copy. */
export function renderSignIn(w: World, a: Act): OutRecord[] {
  const r = rngFor(w.seed, 'act', a.p, a.d, a.s);
  const spec = signInSpecOf(w, a, r);
  return signInRecords(w, spec, r.guid(), `${a.p}.${a.d}.${a.s}`);
}

/** A sign-in record and, when wanted, its UAL copy, ready to route. */
export function signInRecords(
  w: World,
  spec: SignInSpec,
  ualId: string,
  key: string,
  ualCopy = spec.interactive,
): OutRecord[] {
  const out: OutRecord[] = [{
    t: spec.t, key, stream: 'signin',
    body: signInResource(w.company, spec, w.policyIds),
  }];
  if (ualCopy) {
    out.push({
      t: spec.t + spec.ualLagMs, key: `${key}u`, stream: 'ual-aad',
      body: logonRecord(w.company, spec, ualId),
    });
  }
  return out;
}
