/**
 * Changes to what protects accounts and records them: MFA methods
 * added or removed, security defaults and conditional access weakened,
 * audit logging switched off.
 */
import { listText, utc } from '../describe.js';
import {
  changeKey,
  readEvents,
  withPeriod,
  type Ev,
} from '../event-scan.js';
import {
  cmdletParameters,
  isTrue,
  parseDetails,
  propertyChanges,
  type PropertyChange,
} from '../record-fields.js';
import type { FindingDraft, Rule, RuleContext } from '../rule.js';

const HOUR = 3_600_000;

function who(e: Ev): string {
  return `${e.actor ?? 'an unknown actor'} at ${utc(e.time_ms)}` +
    (e.ip ? ` from ${e.ip}` : '');
}

function subjectOf(e: Ev): string {
  return (e.target && e.target.includes('@') ? e.target : e.actor) ??
    'an unknown user';
}

function changed(ctx: RuleContext, ops: string[], where?: string): Ev[] {
  return readEvents(ctx.db, {
    operations: ops,
    where: `result != 'failure'${where ? ` AND (${where})` : ''}`,
  });
}

const REGISTER_OPS = withPeriod(
  'User registered security info',
  'Admin registered security info',
  'User changed default security info',
  'User registered all required security info',
  'Add users strong authentication phone app detail',
  'Add FIDO2 security key',
  'Add passwordless phone sign-in credential',
  'Create application password for user',
);

function registrations(ctx: RuleContext): FindingDraft[] {
  return changed(ctx, REGISTER_OPS).map((e) => {
    const user = subjectOf(e);
    const near = ctx.suspicious().between(user, e.time_ms - HOUR,
      e.time_ms + 30 * 60_000);
    const s = near[near.length - 1];
    return {
      key: `${user}|${changeKey(e)}`,
      actor: e.actor,
      eventIds: [e.id, ...(s ? [s.eventId] : [])],
      severity: s ? 'high' : 'medium',
      matched: { user, operation: e.operation, ip: e.ip,
        suspiciousSignIn: s ? { time: utc(s.timeMs), ip: s.ip,
          reasons: s.reasons } : null },
      explanation:
        `${e.operation.replace(/\.$/, '')} for ${user} by ${who(e)}` +
        (s ? `, ${Math.round((e.time_ms - s.timeMs) / 60_000)} min after ` +
          `a suspicious sign-in from ${s.ip} (${s.reasons.join(', ')})`
          : ''),
    };
  });
}

/** A new MFA method, app password or default method (D33). */
export const MFA_METHOD_REGISTERED: Rule = {
  id: 'mfa-method-registered',
  title: 'MFA method registered',
  severity: 'medium',
  technique: 'T1098.005',
  description:
    'Security info registered or changed for a user (Authenticator app, ' +
    'phone, FIDO2 key, app password). High when a suspicious sign-in of ' +
    'the user came up to 1 hour before it or within 30 minutes after it ' +
    '(the attacker enrolling their own method).',
  run: registrations,
};

const REMOVE_OPS = withPeriod(
  'Disable Strong Authentication',
  'User deleted security info',
  'Admin deleted security info',
  'Remove users strong authentication phone app detail',
);

/** True when an Update user change empties MFA methods or requirement. */
function mfaStripped(c: PropertyChange): boolean {
  if (c.name === 'StrongAuthenticationRequirement') {
    return /"State":\s*[12]/.test(c.oldValue ?? '') &&
      !/"State":\s*[12]/.test(c.newValue ?? '');
  }
  if (c.name === 'StrongAuthenticationMethod') {
    const had = /MethodType/.test(c.oldValue ?? '');
    return had && !/MethodType/.test(c.newValue ?? '');
  }
  return false;
}

function removals(ctx: RuleContext): FindingDraft[] {
  const updates = changed(ctx, withPeriod('Update user'),
    "details LIKE '%StrongAuthentication%'")
    .filter((e) => propertyChanges(parseDetails(e.details)).some(mfaStripped));
  return [...changed(ctx, REMOVE_OPS), ...updates].map((e) =>
    removalDraft(ctx, e));
}

function removalDraft(ctx: RuleContext, e: Ev): FindingDraft {
  const user = subjectOf(e);
  const hours = ctx.policy.threshold('suspicious.followHours');
  const s = ctx.suspicious().lastBefore(user, e.time_ms, hours);
  const what = e.operation.startsWith('Update user')
    ? 'MFA methods or requirement removed (Update user)'
    : e.operation.replace(/\.$/, '');
  return {
    key: `${user}|${changeKey(e)}`,
    actor: e.actor,
    eventIds: [e.id, ...(s ? [s.eventId] : [])],
    severity: s ? 'critical' : 'high',
    matched: { user, operation: e.operation, ip: e.ip,
      suspiciousSignIn: s ? { time: utc(s.timeMs), ip: s.ip,
        reasons: s.reasons } : null },
    explanation:
      `${what} for ${user} by ${who(e)}` +
      (s ? `, after a suspicious sign-in at ${utc(s.timeMs)} from ${s.ip} ` +
        `(${s.reasons.join(', ')})` : ''),
  };
}

/** MFA taken away from a user (D32). */
export const MFA_REMOVED: Rule = {
  id: 'mfa-removed',
  title: 'MFA removed from a user',
  severity: 'high',
  technique: 'T1556.006',
  description:
    'Disable Strong Authentication, deleted security info, or Update ' +
    'user emptying StrongAuthenticationMethod or the per-user MFA ' +
    'requirement. Critical within suspicious.followHours after a ' +
    'suspicious sign-in of that user.',
  run: removals,
};

function securityDefaults(ctx: RuleContext): FindingDraft[] {
  const ops = withPeriod('Update security defaults',
    'Disable security defaults');
  return changed(ctx, ops).map((e) => {
    const off = e.operation.startsWith('Disable') ||
      propertyChanges(parseDetails(e.details)).some((c) =>
        /enabled/i.test(c.name) && /^false$/i.test(c.newValue ?? ''));
    return {
      key: changeKey(e),
      actor: e.actor,
      eventIds: [e.id],
      severity: off ? 'high' : 'medium',
      matched: { operation: e.operation, disabled: off },
      explanation: off
        ? "Security defaults (the tenant's baseline MFA) turned off by " +
          who(e)
        : `Security defaults changed by ${who(e)}`,
    };
  });
}

/** Tenant-wide security defaults turned off (D34). */
export const SECURITY_DEFAULTS_DISABLED: Rule = {
  id: 'security-defaults-disabled',
  title: 'Security defaults turned off or changed',
  severity: 'high',
  technique: 'T1556.009',
  description:
    'Update security defaults: high when the new value turns them off, ' +
    'medium for another change.',
  run: securityDefaults,
};

const CA_OPS = withPeriod(
  'Update conditional access policy',
  'Update Conditional Access policy',
  'Delete conditional access policy',
  'Delete Conditional Access policy',
);

interface CaPolicy {
  displayName?: string;
  state?: string;
  conditions?: Record<string, Record<string, unknown>>;
  grantControls?: { builtInControls?: string[] } | null;
}

function parseCa(v: string | null): CaPolicy | null {
  if (!v) return null;
  try {
    return JSON.parse(v) as CaPolicy;
  } catch {
    // Old and new values are JSON in Entra audits; anything else is text.
    return null;
  }
}

/** The ways a conditional access change weakens the policy. */
function weakenings(before: CaPolicy | null, after: CaPolicy | null): string[] {
  if (!before || !after) return [];
  const out: string[] = [];
  if (before.state === 'enabled' && after.state !== 'enabled') {
    out.push(`state ${before.state} → ${after.state}`);
  }
  for (const [area, field] of EXCLUSIONS) {
    const was = list(before.conditions?.[area]?.[field]);
    const now = list(after.conditions?.[area]?.[field]);
    const added = now.filter((x) => !was.includes(x));
    if (added.length) out.push(`${field} added: ${listText(added)}`);
  }
  const had = list(before.grantControls?.builtInControls).map(lower);
  const has = list(after.grantControls?.builtInControls).map(lower);
  if (had.includes('mfa') && !has.includes('mfa')) out.push('MFA removed');
  return out;
}

const EXCLUSIONS: [string, string][] = [
  ['users', 'excludeUsers'],
  ['users', 'excludeGroups'],
  ['users', 'excludeRoles'],
  ['applications', 'excludeApplications'],
  ['locations', 'excludeLocations'],
];

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

function lower(s: string): string {
  return s.toLowerCase();
}

function conditionalAccess(ctx: RuleContext): FindingDraft[] {
  return changed(ctx, CA_OPS).map((e) => {
    const c = propertyChanges(parseDetails(e.details))
      .find((x) => x.name === 'ConditionalAccessPolicy');
    const before = parseCa(c?.oldValue ?? null);
    const after = parseCa(c?.newValue ?? null);
    const name = after?.displayName ?? before?.displayName ?? e.target ??
      'unnamed policy';
    const deleted = /^delete/i.test(e.operation);
    const weak = weakenings(before, after);
    return {
      key: `${name}|${changeKey(e)}`,
      actor: e.actor,
      eventIds: [e.id],
      severity: deleted || weak.length ? 'high' : 'medium',
      matched: { policy: name, deleted, weakened: weak,
        stateBefore: before?.state ?? null, stateAfter: after?.state ?? null },
      explanation: deleted
        ? `Conditional access policy "${name}" deleted by ${who(e)}`
        : `Conditional access policy "${name}" changed by ${who(e)}` +
          (weak.length ? `: ${weak.join('; ')}` : ''),
    };
  });
}

/** A conditional access policy weakened, changed or deleted (D34). */
export const CONDITIONAL_ACCESS_CHANGED: Rule = {
  id: 'conditional-access-changed',
  title: 'Conditional access policy changed or deleted',
  severity: 'high',
  technique: 'T1556.009',
  description:
    'Update or Delete conditional access policy. High when deleted, ' +
    'switched off or to report-only, given new exclusions, or stripped ' +
    'of its MFA control; medium for other changes.',
  run: conditionalAccess,
};

/** What an audit-related cmdlet turned off, or null. */
function auditOff(e: Ev, p: Map<string, string>): string | null {
  const v = (k: string) => p.get(k.toLowerCase()) ?? '';
  switch (e.operation) {
    case 'Set-AdminAuditLogConfig':
      return /^false$/i.test(v('UnifiedAuditLogIngestionEnabled'))
        ? 'unified audit log ingestion turned off' : null;
    case 'Set-MailboxAuditBypassAssociation':
      return isTrue(v('AuditBypassEnabled'))
        ? `mailbox audit bypass enabled for ${v('Identity') || e.target}`
        : null;
    case 'Set-OrganizationConfig':
      return isTrue(v('AuditDisabled'))
        ? 'mailbox auditing turned off for the organization' : null;
    default:
      return mailboxAuditOff(e, v);
  }
}

function mailboxAuditOff(e: Ev, v: (k: string) => string): string | null {
  const box = v('Identity') || e.target || 'a mailbox';
  if (/^false$/i.test(v('AuditEnabled'))) {
    return `mailbox auditing turned off for ${box}`;
  }
  const age = /^(\d+)\./.exec(v('AuditLogAgeLimit'));
  if (age && Number(age[1]) < 90) {
    return `mailbox audit retention cut to ${age[1]} days for ${box}`;
  }
  return null;
}

function auditTampering(ctx: RuleContext): FindingDraft[] {
  const ops = ['Set-AdminAuditLogConfig', 'Set-MailboxAuditBypassAssociation',
    'Set-OrganizationConfig', 'Set-Mailbox'];
  const out: FindingDraft[] = [];
  for (const e of changed(ctx, ops)) {
    const what = auditOff(e, cmdletParameters(parseDetails(e.details)));
    if (!what) continue;
    out.push({
      key: `${e.id}`,
      actor: e.actor,
      eventIds: [e.id],
      matched: { operation: e.operation, change: what, ip: e.ip },
      explanation: `${e.operation} by ${who(e)}: ${what}`,
    });
  }
  return out;
}

/** Audit logging switched off or bypassed (D29). */
export const AUDIT_LOGGING_DISABLED: Rule = {
  id: 'audit-logging-disabled',
  title: 'Audit logging disabled or bypassed',
  severity: 'high',
  technique: 'T1562.008',
  description:
    'Set-AdminAuditLogConfig turning off unified audit log ingestion, ' +
    'Set-MailboxAuditBypassAssociation enabling a bypass, ' +
    'Set-OrganizationConfig AuditDisabled, or Set-Mailbox turning ' +
    'mailbox auditing off or cutting its retention below 90 days.',
  run: auditTampering,
};
