/**
 * Entra ID directory audit records: the Graph directoryAudit resource
 * and, for Core Directory activities, the unified audit log copy
 * (RecordType 8) whose operation name ends with a period.
 */
import { auditTime } from './clock.js';
import type { Wire } from './records.js';
import type { Company, Person } from './scenario.js';
import { ualHead } from './ual.js';

/** A changed property of a target, values as JSON-encoded strings. */
export type Modified = [name: string, oldValue: string, newValue: string];

/** One target of an audited activity. */
export interface AuditTarget {
  id: string;
  displayName: string | null;
  type: 'User' | 'Group' | 'Role' | 'Device' | 'ServicePrincipal' | 'Other';
  upn: string | null;
  modified: Modified[];
}

/** An application that performed an activity. */
export interface AuditApp {
  appId: string | null;
  displayName: string;
  servicePrincipalId: string | null;
}

/** Everything that makes one directory audit record. */
export interface AuditSpec {
  t: number;
  /** Four digits below the millisecond, as Graph writes seven. */
  ticks: string;
  id: string;
  correlationId: string;
  category: string;
  activity: string;
  service: string;
  operationType: string;
  resultReason: string;
  user: { person: Person; ip: string } | null;
  app: AuditApp | null;
  targets: AuditTarget[];
  details: [string, string][];
}

function initiatedBy(s: AuditSpec): Wire {
  const user = s.user
    ? {
      id: s.user.person.objectId,
      displayName: null,
      userPrincipalName: s.user.person.upn,
      ipAddress: s.user.ip,
      userType: null,
      homeTenantId: null,
      homeTenantName: null,
    }
    : null;
  const app = s.app
    ? {
      appId: s.app.appId,
      displayName: s.app.displayName,
      servicePrincipalId: s.app.servicePrincipalId,
      servicePrincipalName: null,
    }
    : null;
  return { app, user };
}

function targetWire(t: AuditTarget): Wire {
  return {
    id: t.id,
    displayName: t.displayName,
    type: t.type,
    userPrincipalName: t.upn,
    groupType: null,
    modifiedProperties: t.modified.map(([displayName, oldValue, newValue]) =>
      ({ displayName, oldValue, newValue })),
  };
}

/** The Graph directoryAudit resource. */
export function directoryAudit(s: AuditSpec): Wire {
  return {
    id: s.id,
    category: s.category,
    correlationId: s.correlationId,
    result: 'success',
    resultReason: s.resultReason,
    activityDisplayName: s.activity,
    activityDateTime: auditTime(s.t, s.ticks),
    loggedByService: s.service,
    operationType: s.operationType,
    initiatedBy: initiatedBy(s),
    userAgent: null,
    targetResources: s.targets.map(targetWire),
    additionalDetails: s.details.map(([key, value]) => ({ key, value })),
  };
}

function actorList(s: AuditSpec): Wire[] {
  if (s.user) {
    const p = s.user.person;
    return [
      { ID: p.upn, Type: 5 },
      { ID: p.puid, Type: 3 },
      { ID: `User_${p.objectId}`, Type: 2 },
      { ID: p.objectId, Type: 2 },
      { ID: 'User', Type: 2 },
    ];
  }
  const app = s.app as AuditApp;
  return [
    { ID: app.displayName, Type: 1 },
    { ID: `ServicePrincipal_${app.servicePrincipalId}`, Type: 2 },
    { ID: 'ServicePrincipal', Type: 2 },
  ];
}

function targetList(t: AuditTarget): Wire[] {
  const list: Wire[] = [
    { ID: `${t.type}_${t.id}`, Type: 2 },
    { ID: t.id, Type: 2 },
    { ID: t.type, Type: 2 },
  ];
  if (t.upn) list.push({ ID: t.upn, Type: 5 });
  else if (t.displayName) list.push({ ID: t.displayName, Type: 1 });
  return list;
}

/** The unified audit log copy of a Core Directory activity. */
export function directoryUal(c: Company, s: AuditSpec, id: string): Wire {
  const actor = s.user ? s.user.person : null;
  const target = s.targets[0];
  const w = ualHead(c, {
    t: s.t, id, operation: `${s.activity}.`, recordType: 8,
    workload: 'AzureActiveDirectory', resultStatus: 'Success',
    userKey: actor ? `${actor.puid}@${c.tenantName}` : 'Not Available',
    userType: actor ? 0 : 4,
    userId: actor ? actor.upn : `ServicePrincipal_${s.app?.servicePrincipalId}`,
    objectId: target.upn ?? target.displayName ?? target.id,
  });
  w.AzureActiveDirectoryEventType = 1;
  w.ExtendedProperties = [
    { Name: 'additionalDetails', Value: JSON.stringify(
      Object.fromEntries(s.details)) },
    { Name: 'extendedAuditEventCategory', Value: target.type },
  ];
  w.ModifiedProperties = target.modified.map(([Name, OldValue, NewValue]) =>
    ({ Name, NewValue, OldValue }));
  w.Actor = actorList(s);
  w.ActorContextId = c.tenantId;
  if (s.user) w.ActorIpAddress = s.user.ip;
  w.InterSystemsId = s.correlationId;
  w.IntraSystemId = s.id.split('_')[1] ?? s.id;
  w.SupportTicketId = '';
  w.Target = s.targets.flatMap(targetList);
  w.TargetContextId = c.tenantId;
  return w;
}

/** A target that is a user account. */
export function userTarget(p: Person, modified: Modified[] = []): AuditTarget {
  return { id: p.objectId, displayName: null, type: 'User', upn: p.upn,
    modified };
}
