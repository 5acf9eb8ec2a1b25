/**
 * Everyday administration: the IT administrators' directory changes,
 * Exchange cmdlets and Google admin console actions, the automated
 * directory updates, a new hire and a leaver.
 */
import { APPS } from './apps.js';
import { userTarget, type AuditTarget } from './audit.js';
import { DIRECTORY_APPS, auditRecords, type Activity } from './audit-records.js';
import { localInstant, weekdayOf } from './clock.js';
import { P, type GwsEvent } from './gws.js';
import { LOC } from './plan.js';
import type { OutRecord } from './records.js';
import { gwsRecord } from './render-gws.js';
import { rngFor, type Rng } from './rng.js';
import {
  LEAVER_DAY,
  NEW_ADMIN_DAY,
  serverOf,
  type Person,
} from './scenario.js';
import { cmdletRecord, mailboxObjectId } from './ual.js';
import { ipAt, type World } from './world.js';

const GROUPS = ['SG-Engineering-Tooling-Members', 'SG-Quality-Members',
  'SG-Finance-Members', 'SG-VPN-Users', 'SG-Intune-Pilot', 'All-Milwaukee'];

const TITLES = ['Senior Buyer', 'Lead Process Engineer', 'Quality Manager',
  'Shift Manager', 'Account Manager', 'Production Planner'];

function someone(w: World, r: Rng): Person {
  return w.people[r.int(0, w.people.length - 1)];
}

function groupTarget(w: World, name: string): AuditTarget {
  const id = rngFor(w.seed, 'group', name).guid();
  return { id, displayName: name, type: 'Group', upn: null, modified: [
    ['Group.ObjectID', '', JSON.stringify(id)],
    ['Group.DisplayName', '', JSON.stringify(name)],
  ] };
}

function adminBy(w: World, admin: Person, d: number) {
  return { person: admin, ip: ipAt(w, admin, d, LOC.OFFICE).ip };
}

function updateTitle(w: World, r: Rng, by: Activity['by']): Activity {
  const p = someone(w, r);
  return {
    activity: 'Update user', category: 'UserManagement',
    service: 'Core Directory', operationType: 'Update', by,
    targets: [userTarget(p, [
      ['JobTitle', JSON.stringify([p.jobTitle]),
        JSON.stringify([r.pick(TITLES)])],
      ['Included Updated Properties', '', '"JobTitle"'],
    ])],
  };
}

function addToGroup(w: World, r: Rng, by: Activity['by']): Activity {
  const g = groupTarget(w, r.pick(GROUPS));
  return {
    activity: 'Add member to group', category: 'GroupManagement',
    service: 'Core Directory', operationType: 'Assign', by,
    targets: [userTarget(someone(w, r), g.modified), g],
  };
}

function resetPassword(w: World, r: Rng, by: Activity['by']): Activity {
  return {
    activity: 'Reset user password', category: 'UserManagement',
    service: 'Core Directory', operationType: 'Update', by,
    targets: [userTarget(someone(w, r))],
  };
}

function substrateUpdate(w: World, r: Rng): Activity {
  return {
    activity: 'Update user', category: 'UserManagement',
    service: 'Core Directory', operationType: 'Update',
    by: DIRECTORY_APPS.substrate,
    targets: [userTarget(someone(w, r), [
      ['Included Updated Properties', '', '""'],
    ])],
  };
}

function registerDevice(w: World, r: Rng): Activity {
  const p = someone(w, r);
  const name = `NWF-${p.office.code}-LT${r.digits(4)}`;
  return {
    activity: 'Register device', category: 'Device',
    service: 'Core Directory', operationType: 'Add',
    by: DIRECTORY_APPS.drs,
    targets: [{ id: r.guid(), displayName: name, type: 'Device', upn: null,
      modified: [['CloudDisplayName', '', JSON.stringify([name])]] }],
    details: [['Device OS', 'Windows'], ['Device Trust Type', 'AzureAd']],
  };
}

const DAILY: ((w: World, r: Rng, by: Activity['by']) => Activity)[] = [
  updateTitle, addToGroup, addToGroup, resetPassword,
];

/** Directory records of one window day (scaled with the staff). */
function directoryDay(w: World, d: number, scale: number): OutRecord[] {
  const r = rngFor(w.seed, 'admin-day', d);
  const out: OutRecord[] = [];
  const { itAdmin, itAdminPune } = w.scenario.cast;
  const workday = weekdayOf(d) <= 5;
  const n = workday ? r.count(3 * scale) : 0;
  for (let i = 0; i < n; i++) {
    const admin = r.chance(0.6) ? itAdmin : itAdminPune;
    const t = localInstant(admin.office.zone, d, admin.startMinute +
      r.int(30, 450)) + r.int(0, 59_999);
    const a = r.pick(DAILY)(w, r, adminBy(w, admin, d));
    out.push(...auditRecords(w, t, r, a, `admin.${d}.${i}`));
  }
  for (let i = r.count(4 * scale); i > 0; i--) {
    const t = localInstant('UTC', d, r.int(0, 1439)) + r.int(0, 59_999);
    const a = r.chance(0.8) ? substrateUpdate(w, r) : registerDevice(w, r);
    out.push(...auditRecords(w, t, r, a, `auto.${d}.${i}`));
  }
  return out;
}

function cmdlet(
  w: World,
  r: Rng,
  admin: Person,
  d: number,
  t: number,
  op: string,
  target: Person,
  params: [string, string][],
): OutRecord {
  const server = serverOf(w.company, target);
  const body = cmdletRecord(w.company, {
    t, id: r.guid(), operation: op, actor: admin, userType: 2,
    clientIp: ipAt(w, admin, d, LOC.OFFICE).ip, appId: APPS.exoPowerShell.id,
    objectId: mailboxObjectId(w.company, target, server), server,
    sessionId: r.guid(), parameters: [['Identity', target.upn], ...params],
  });
  return { t, key: `exo.${d}.${t}.${op}`, stream: 'ual-exsp', body };
}

/** Exchange admin cmdlets of one window day. */
function exchangeDay(w: World, d: number, scale: number): OutRecord[] {
  if (weekdayOf(d) > 5) return [];
  const r = rngFor(w.seed, 'exchange-admin-day', d);
  const { itAdmin, newAdmin } = w.scenario.cast;
  const admin = d > NEW_ADMIN_DAY + 1 && r.chance(0.5) ? newAdmin : itAdmin;
  const out: OutRecord[] = [];
  for (let i = r.count(1.5 * scale); i > 0; i--) {
    const t = localInstant(admin.office.zone, d, admin.startMinute +
      r.int(20, 460)) + r.int(0, 59_999);
    const p = someone(w, r);
    const params: [string, string][] = r.chance(0.5)
      ? [['Office', p.office.city]]
      : [['CustomAttribute1', p.department]];
    out.push(cmdlet(w, r, admin, d, t, 'Set-Mailbox', p, params));
  }
  return out;
}

function gwsAdminEvent(w: World, r: Rng): GwsEvent {
  const user = w.scenario.gwsPeople[r.int(0, w.scenario.gwsPeople.length - 1)];
  const email = String(user.gws?.email);
  const kind = r.int(0, 2);
  if (kind === 0) {
    return { type: 'USER_SETTINGS', name: 'CHANGE_PASSWORD',
      parameters: [P.v('USER_EMAIL', email)] };
  }
  if (kind === 1) {
    return { type: 'GROUP_SETTINGS', name: 'ADD_GROUP_MEMBER', parameters: [
      P.v('USER_EMAIL', email),
      P.v('GROUP_EMAIL', `studio@${w.company.gwsDomain}`)] };
  }
  return { type: 'USER_SETTINGS', name: 'CHANGE_DISPLAY_NAME', parameters: [
    P.v('USER_EMAIL', email), P.v('NEW_VALUE', user.displayName)] };
}

/** Google admin console actions of one window day. */
function gwsAdminDay(w: World, d: number, scale: number): OutRecord[] {
  if (weekdayOf(d) > 5) return [];
  const r = rngFor(w.seed, 'gws-admin-day', d);
  const admin = w.scenario.cast.itAdmin;
  const out: OutRecord[] = [];
  for (let i = r.count(0.6 * scale); i > 0; i--) {
    const t = localInstant(admin.office.zone, d, admin.startMinute +
      r.int(20, 460)) + r.int(0, 59_999);
    out.push(gwsRecord(w, t, `gadm.${d}.${i}`, 'admin', admin,
      ipAt(w, admin, d, LOC.OFFICE), [gwsAdminEvent(w, r)], r));
  }
  return out;
}

/** The new messaging administrator: account, licence, group, role. */
function newAdminStory(w: World, d: number): OutRecord[] {
  const { itAdmin, newAdmin } = w.scenario.cast;
  const r = rngFor(w.seed, 'new-admin', d);
  const by = adminBy(w, itAdmin, d);
  const at = (m: number) => localInstant(itAdmin.office.zone, d, m) +
    r.int(0, 59_999);
  if (d === NEW_ADMIN_DAY) {
    return [
      ...auditRecords(w, at(560), r, {
        activity: 'Add user', category: 'UserManagement',
        service: 'Core Directory', operationType: 'Add', by,
        targets: [userTarget(newAdmin, [
          ['AccountEnabled', '[]', '[true]'],
          ['DisplayName', '[]', JSON.stringify([newAdmin.displayName])],
          ['UserPrincipalName', '[]', JSON.stringify([newAdmin.upn])],
        ])] }, 'story.new.1'),
      ...auditRecords(w, at(563), r, {
        activity: 'Change user license', category: 'UserManagement',
        service: 'Core Directory', operationType: 'Update', by,
        targets: [userTarget(newAdmin)] }, 'story.new.2'),
      ...auditRecords(w, at(566), r, {
        activity: 'Add member to group', category: 'GroupManagement',
        service: 'Core Directory', operationType: 'Assign', by,
        targets: [userTarget(newAdmin), groupTarget(w, 'SG-IT-Staff')] },
      'story.new.3'),
    ];
  }
  return d === NEW_ADMIN_DAY + 1 ? roleGrant(w, r, by, at(545)) : [];
}

/** The one benign privileged role grant of the scenario. */
export const BENIGN_ROLE = 'Exchange Administrator';

function roleGrant(
  w: World,
  r: Rng,
  by: Activity['by'],
  t: number,
): OutRecord[] {
  const { newAdmin } = w.scenario.cast;
  const roleId = '29232cdf-9323-42fd-ade2-1d097af3e4de';
  const role: AuditTarget = { id: rngFor(w.seed, 'role', 'exchange').guid(),
    displayName: BENIGN_ROLE, type: 'Role', upn: null, modified: [
      ['Role.ObjectID', '', JSON.stringify(roleId)],
      ['Role.DisplayName', '', JSON.stringify(BENIGN_ROLE)],
      ['Role.TemplateId', '', JSON.stringify(roleId)],
      ['Role.WellKnownObjectName', '', '"ExchangeServiceAdministrator"'],
    ] };
  return auditRecords(w, t, r, {
    activity: 'Add member to role', category: 'RoleManagement',
    service: 'Core Directory', operationType: 'Assign', by,
    targets: [userTarget(newAdmin, role.modified), role] }, 'story.role');
}

/** The leaver's account is disabled and tokens revoked. */
function leaverStory(w: World, d: number): OutRecord[] {
  if (d !== LEAVER_DAY) return [];
  const { itAdmin, leaver } = w.scenario.cast;
  const r = rngFor(w.seed, 'leaver', d);
  const by = adminBy(w, itAdmin, d);
  const t = localInstant(itAdmin.office.zone, d, leaver.startMinute + 600) +
    r.int(0, 59_999);
  return [
    ...auditRecords(w, t, r, {
      activity: 'Disable account', category: 'UserManagement',
      service: 'Core Directory', operationType: 'Update', by,
      targets: [userTarget(leaver, [['AccountEnabled', '[true]',
        '[false]']])] }, 'story.leaver.1'),
    ...auditRecords(w, t + 61_000, r, {
      activity: 'Update StsRefreshTokenValidFrom Timestamp',
      category: 'UserManagement', service: 'Core Directory',
      operationType: 'Update', by, targets: [userTarget(leaver)] },
    'story.leaver.2'),
  ];
}

/** Every administrative record of one window day. */
export function adminDay(w: World, d: number, scale: number): OutRecord[] {
  return [
    ...directoryDay(w, d, scale),
    ...exchangeDay(w, d, scale),
    ...gwsAdminDay(w, d, scale),
    ...newAdminStory(w, d),
    ...leaverStory(w, d),
  ];
}
