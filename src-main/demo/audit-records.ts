/**
 * Helpers that turn an audited directory activity into its records: the
 * Graph directoryAudit and, for Core Directory, the UAL copy.
 */
import {
  directoryAudit,
  directoryUal,
  type AuditApp,
  type AuditSpec,
  type AuditTarget,
} from './audit.js';
import type { OutRecord } from './records.js';
import type { Rng } from './rng.js';
import type { Person } from './scenario.js';
import type { World } from './world.js';

/** Applications that act in the directory on their own. */
export const DIRECTORY_APPS: Record<string, AuditApp> = {
  substrate: { appId: '98db8bd6-0cc0-4e67-9de5-f187f1cd1b41',
    displayName: 'Microsoft Substrate Management',
    servicePrincipalId: '6e3c8a41-58b1-4d0e-9b3a-0f1c6d2e7a90' },
  drs: { appId: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9',
    displayName: 'Device Registration Service',
    servicePrincipalId: 'c2a7f3d0-41e6-4b8f-8d2a-5e9b1f0c3d47' },
  pim: { appId: null, displayName: 'MS-PIM',
    servicePrincipalId: '9a1d5c7e-2b3f-4e8a-a6d0-7c4b2e1f8d35' },
};

/** What varies between audited activities. */
export interface Activity {
  activity: string;
  category: string;
  service: string;
  operationType: string;
  resultReason?: string;
  by: { person: Person; ip: string } | AuditApp;
  targets: AuditTarget[];
  details?: [string, string][];
}

function isUser(by: Activity['by']): by is { person: Person; ip: string } {
  return (by as { person?: Person }).person !== undefined;
}

/** The full specification of an activity at instant t. */
export function auditSpec(t: number, r: Rng, a: Activity): AuditSpec {
  const correlationId = r.guid();
  const prefix = a.service === 'Core Directory' ? 'Directory'
    : a.service.replace(/\s+/g, '');
  return {
    t,
    ticks: r.digits(4),
    id: `${prefix}_${correlationId}_${r.b64(5).toUpperCase()}_` +
      `${r.digits(9)}`,
    correlationId,
    category: a.category,
    activity: a.activity,
    service: a.service,
    operationType: a.operationType,
    resultReason: a.resultReason ?? '',
    user: isUser(a.by) ? a.by : null,
    app: isUser(a.by) ? null : a.by,
    targets: a.targets,
    details: a.details ?? [],
  };
}

/** The audit record and, for Core Directory, its UAL copy. */
export function auditRecords(
  w: World,
  t: number,
  r: Rng,
  a: Activity,
  key: string,
): OutRecord[] {
  const spec = auditSpec(t, r, a);
  const out: OutRecord[] = [
    { t, key, stream: 'audit', body: directoryAudit(spec) },
  ];
  if (a.service === 'Core Directory') {
    out.push({ t, key: `${key}u`, stream: 'ual-aad',
      body: directoryUal(w.company, spec, r.guid()) });
  }
  return out;
}
