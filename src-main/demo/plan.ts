/**
 * The background: what each person does on each local day, planned as
 * compact activities (time, person, kind) that are rendered into wire
 * records only when they are written. Plans depend on the seed, the
 * person and the day alone, so any day can be planned in any order.
 */
import { GRAPH_START, localInstant, weekdayOf } from './clock.js';
import { rngFor, type Rng } from './rng.js';
import type { Person } from './scenario.js';

/** Kinds of background activity. */
export const K = {
  SIGNIN: 1,
  SIGNIN_FAIL: 2,
  SIGNIN_MFA_INTERRUPT: 3,
  SIGNIN_KMSI: 4,
  SIGNIN_DISABLED: 5,
  NONINTERACTIVE: 6,
  MAIL_SYNC: 7,
  MAIL_BIND: 8,
  SEND: 9,
  MOVE_DELETED: 10,
  SP_ACCESS: 11,
  SP_MODIFY: 12,
  SP_DOWNLOAD: 13,
  SP_UPLOAD: 14,
  SP_PAGE: 15,
  SP_SHARE: 16,
  TEAMS_SESSION: 17,
  TEAMS_MESSAGE: 18,
  INBOX_RULE: 19,
  GWS_LOGIN: 20,
  GWS_LOGOUT: 21,
  GWS_DRIVE: 22,
  GWS_MAIL: 23,
  GWS_TOKEN: 24,
} as const;

/** Where an activity happens: office, home, phone network, travel. */
export const LOC = { OFFICE: 0, HOME: 1, MOBILE: 2, TRAVEL: 3 } as const;

/** Sign-in apps, by the y field of a sign-in activity. */
export const SIGNIN_APP = {
  OFFICE_HOME: 0,
  OFFICE_DESKTOP: 1,
  TEAMS: 2,
  OUTLOOK_MOBILE: 3,
  AZURE_PORTAL: 4,
  MY_SIGNINS: 5,
  ONEDRIVE: 6,
} as const;

/** How a sign-in authenticated, by the z field. */
export const AUTH = { PRT: 0, TOKEN: 1, PASSWORD: 2, PASSWORD_MFA: 3 };

/** One planned activity; rendered later into one or two records. */
export interface Act {
  t: number;
  /** Person index. */
  p: number;
  /** Local day the plan belongs to. */
  d: number;
  /** Sequence number within the person's day. */
  s: number;
  k: number;
  x: number;
  y: number;
  z: number;
}

/** Orders activities newest first with a total, stable tie order. */
export function actNewestFirst(a: Act, b: Act): number {
  return b.t - a.t || a.p - b.p || a.d - b.d || a.s - b.s;
}

/** The window a person is away and produces no background. */
export interface Absence {
  person: number;
  from: number;
  to: number;
}

/** Everything the planner needs besides the person and the day. */
export interface PlanContext {
  seed: number;
  absences: Absence[];
  /** Person index and day of the documented trip to Scotland. */
  trip: { person: number; day: number };
}

class Plan {
  readonly acts: Act[] = [];
  constructor(private readonly p: number, private readonly d: number) {}

  add(k: number, t: number, x = 0, y = 0, z = 0): void {
    this.acts.push({ t: Math.round(t), p: this.p, d: this.d,
      s: this.acts.length, k, x, y, z });
  }
}

const MIN = 60_000;

/** Plans one local day of one person. */
export function planDay(ctx: PlanContext, person: Person, d: number): Act[] {
  const plan = new Plan(person.index, d);
  const r = rngFor(ctx.seed, 'plan', person.index, d);
  if (d > person.activeUntil) planLeaver(plan, r, person, d);
  else if (d >= person.activeFrom) {
    if (isWorkday(person, d)) planWorkday(ctx, plan, r, person, d);
    else planOffDay(plan, r, person, d);
  }
  return plan.acts.filter((a) => !absent(ctx, person, a.t));
}

function absent(ctx: PlanContext, p: Person, t: number): boolean {
  return ctx.absences.some((a) => a.person === p.index && t >= a.from &&
    t < a.to);
}

function isWorkday(p: Person, d: number): boolean {
  return weekdayOf(d) <= 5 && !p.office.holidays.includes(d);
}

function workLocation(ctx: PlanContext, r: Rng, p: Person, d: number) {
  if (ctx.trip.person === p.index && ctx.trip.day === d) return LOC.TRAVEL;
  return r.chance(p.office.wfh) ? LOC.HOME : LOC.OFFICE;
}

function planWorkday(
  ctx: PlanContext,
  plan: Plan,
  r: Rng,
  p: Person,
  d: number,
): void {
  const x = workLocation(ctx, r, p, d);
  const start = localInstant(p.office.zone, d,
    p.startMinute + r.int(-20, 25)) + r.int(0, 59_999);
  const end = start + (p.workMinutes + r.int(-30, 45)) * MIN;
  const during = () => start + r.float() * (end - start);
  planSignIns(plan, r, p, x, start, end, during);
  planNonInteractive(plan, r, p, x, start, end, during);
  planMail(plan, r, x, start, end, during);
  planFiles(plan, r, x, during);
  planTeams(plan, r, x, start, during);
  if (p.gws) planGws(plan, r, x, start, end, during);
}

function authFor(r: Rng, y: number, mfa: boolean): number {
  if (y === SIGNIN_APP.OUTLOOK_MOBILE) {
    return r.chance(0.2) ? AUTH.PASSWORD_MFA : AUTH.TOKEN;
  }
  if (y === SIGNIN_APP.AZURE_PORTAL) return AUTH.PASSWORD_MFA;
  if (y !== SIGNIN_APP.OFFICE_HOME && y !== SIGNIN_APP.MY_SIGNINS) {
    return AUTH.PRT;
  }
  if (!r.chance(0.3)) return AUTH.PRT;
  return mfa ? AUTH.PASSWORD_MFA : AUTH.PASSWORD;
}

/** Adds a sign-in and the failures or interrupts that precede it. */
function addSignIn(plan: Plan, r: Rng, t: number, x: number, y: number) {
  const mfa = x !== LOC.OFFICE || y === SIGNIN_APP.AZURE_PORTAL;
  const z = authFor(r, y, mfa);
  const password = z >= AUTH.PASSWORD;
  if (password && r.chance(0.04)) {
    plan.add(K.SIGNIN_FAIL, t - r.int(40, 150) * 1000, x, y, AUTH.PASSWORD);
  }
  if (z === AUTH.PASSWORD_MFA && r.chance(0.35)) {
    plan.add(K.SIGNIN_MFA_INTERRUPT, t - r.int(12, 35) * 1000, x, y, z);
  }
  if (password && y === SIGNIN_APP.OFFICE_HOME && r.chance(0.2)) {
    plan.add(K.SIGNIN_KMSI, t - r.int(2, 7) * 1000, x, y, z);
  }
  plan.add(K.SIGNIN, t, x, y, z);
}

function planSignIns(
  plan: Plan,
  r: Rng,
  p: Person,
  x: number,
  start: number,
  end: number,
  during: () => number,
): void {
  if (x === LOC.TRAVEL || r.chance(x === LOC.OFFICE ? 0.5 : 0.8)) {
    const y = r.weighted([0, 1, 2, 3], [0.4, 0.3, 0.2, 0.1]);
    addSignIn(plan, r, start + r.int(0, 10) * MIN,
      y === SIGNIN_APP.OUTLOOK_MOBILE ? LOC.MOBILE : x, y);
  }
  if (p.isAdmin && r.chance(0.6)) {
    addSignIn(plan, r, during(), x, SIGNIN_APP.AZURE_PORTAL);
  }
  if (r.chance(0.15)) {
    addSignIn(plan, r, during(), x, r.chance(0.1) ? 5 : 0);
  }
  if (r.chance(0.12)) {
    addSignIn(plan, r, end + r.int(60, 240) * MIN, LOC.MOBILE,
      SIGNIN_APP.OUTLOOK_MOBILE);
  }
}

function planNonInteractive(
  plan: Plan,
  r: Rng,
  p: Person,
  x: number,
  start: number,
  end: number,
  during: () => number,
): void {
  const n = r.count(0.9);
  for (let i = 0; i < n; i++) {
    const y = r.pick([SIGNIN_APP.OFFICE_DESKTOP, SIGNIN_APP.TEAMS,
      SIGNIN_APP.ONEDRIVE, SIGNIN_APP.OFFICE_HOME]);
    addNonInteractive(plan, i === 0 ? start + 90_000 : during(), x, y);
  }
  if (r.chance(0.15)) {
    addNonInteractive(plan, end + r.int(30, 300) * MIN, LOC.MOBILE,
      SIGNIN_APP.OUTLOOK_MOBILE);
  }
}

/** Non-interactive sign-ins exist only in the Graph collection window. */
function addNonInteractive(plan: Plan, t: number, x: number, y: number) {
  if (t >= GRAPH_START) plan.add(K.NONINTERACTIVE, t, x, y);
}

function planMail(
  plan: Plan,
  r: Rng,
  x: number,
  start: number,
  end: number,
  during: () => number,
): void {
  if (r.chance(0.7)) plan.add(K.MAIL_SYNC, start + r.int(1, 6) * MIN, x);
  for (let i = r.count(0.3); i > 0; i--) plan.add(K.MAIL_BIND, during(), x);
  for (let i = r.count(0.8); i > 0; i--) {
    plan.add(K.SEND, during(), x, r.chance(0.25) ? 1 : 0);
  }
  for (let i = r.count(0.15); i > 0; i--) {
    plan.add(K.MOVE_DELETED, during(), x);
  }
  if (r.chance(0.1)) {
    plan.add(K.MAIL_SYNC, end + r.int(30, 240) * MIN, LOC.MOBILE, 1);
  }
  if (r.chance(0.003)) plan.add(K.INBOX_RULE, during(), x);
}

function planFiles(
  plan: Plan,
  r: Rng,
  x: number,
  during: () => number,
): void {
  const rates: [number, number][] = [
    [K.SP_ACCESS, 0.7], [K.SP_MODIFY, 0.2], [K.SP_DOWNLOAD, 0.15],
    [K.SP_UPLOAD, 0.07], [K.SP_PAGE, 0.2], [K.SP_SHARE, 0.02],
  ];
  for (const [k, mean] of rates) {
    for (let i = r.count(mean); i > 0; i--) {
      plan.add(k, during(), x, r.chance(0.15) ? 1 : 0);
    }
  }
}

function planTeams(
  plan: Plan,
  r: Rng,
  x: number,
  start: number,
  during: () => number,
): void {
  if (r.chance(0.4)) plan.add(K.TEAMS_SESSION, start + r.int(2, 15) * MIN, x);
  for (let i = r.count(0.1); i > 0; i--) plan.add(K.TEAMS_MESSAGE, during(), x);
}

function planGws(
  plan: Plan,
  r: Rng,
  x: number,
  start: number,
  end: number,
  during: () => number,
): void {
  if (r.chance(0.5)) plan.add(K.GWS_LOGIN, start + r.int(3, 20) * MIN, x);
  for (let i = r.count(1.5); i > 0; i--) {
    plan.add(K.GWS_DRIVE, during(), x, r.weighted([0, 1, 2, 3],
      [0.5, 0.3, 0.12, 0.08]));
  }
  for (let i = r.count(1.8); i > 0; i--) {
    plan.add(K.GWS_MAIL, during(), x, r.chance(0.3) ? 1 : 0);
  }
  if (r.chance(0.15)) plan.add(K.GWS_LOGOUT, end - r.int(0, 20) * MIN, x);
  if (r.chance(0.1)) plan.add(K.GWS_TOKEN, during(), x);
}

function planOffDay(plan: Plan, r: Rng, p: Person, d: number): void {
  if (!r.chance(0.15)) return;
  const t = localInstant(p.office.zone, d, r.int(600, 1260)) +
    r.int(0, 59_999);
  plan.add(K.MAIL_SYNC, t, LOC.MOBILE, 1);
  addNonInteractive(plan, t - 40_000, LOC.MOBILE, SIGNIN_APP.OUTLOOK_MOBILE);
  if (p.gws) plan.add(K.GWS_MAIL, t + r.int(5, 90) * MIN, LOC.MOBILE, 0);
}

/** A disabled account's phone keeps trying for a few days. */
function planLeaver(plan: Plan, r: Rng, p: Person, d: number): void {
  if (d > p.activeUntil + 3) return;
  for (let i = r.int(1, 3); i > 0; i--) {
    const t = localInstant(p.office.zone, d, r.int(420, 1320)) +
      r.int(0, 59_999);
    plan.add(K.SIGNIN_DISABLED, t, LOC.MOBILE, SIGNIN_APP.OUTLOOK_MOBILE,
      AUTH.TOKEN);
  }
}
