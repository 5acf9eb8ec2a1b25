/**
 * Mailbox and mail-flow settings: forwarding on the mailbox, transport
 * rules that copy or let mail through, delegated access, and reading
 * far more mail than the user does.
 */
import { bucket } from '../buckets.js';
import { distinct, listText, utc } from '../describe.js';
import { readEvents, scanEvents, type Ev } from '../event-scan.js';
import {
  cmdletParameters,
  isTrue,
  nameValueMap,
  parseDetails,
} from '../record-fields.js';
import type { FindingDraft, Rule, RuleContext } from '../rule.js';
import { splitAddresses } from '../tenant-domains.js';

function byWhom(e: Ev): string {
  return `by ${e.actor} at ${utc(e.time_ms)} from ` +
    `${e.ip ?? 'an unknown address'}`;
}

/** The mailbox a cmdlet acted on: its Identity, else the actor's own. */
function mailboxOf(e: Ev, p: Map<string, string>): string {
  const id = p.get('identity') ?? '';
  if (id.includes('@') && !id.includes('/')) return id.toLowerCase();
  return e.actor ?? (id || 'unknown mailbox');
}

function cmdlets(ctx: RuleContext, ops: string[]): Ev[] {
  return readEvents(ctx.db, {
    operations: ops,
    where: "result != 'failure'",
  });
}

function mailboxForwarding(ctx: RuleContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const e of cmdlets(ctx, ['Set-Mailbox'])) {
    const p = cmdletParameters(parseDetails(e.details));
    const raw = p.get('forwardingsmtpaddress') || p.get('forwardingaddress');
    const targets = splitAddresses(raw ?? '').filter((t) => t !== '$null');
    if (targets.length) drafts.push(forwardingDraft(ctx, e, p, targets));
  }
  return drafts;
}

function forwardingDraft(
  ctx: RuleContext,
  e: Ev,
  p: Map<string, string>,
  targets: string[],
): FindingDraft {
  const mailbox = mailboxOf(e, p);
  const external = targets.filter((t) => !ctx.tenant.isInternal(t));
  const keepsCopy = isTrue(p.get('delivertomailboxandforward'));
  const other = e.actor && mailbox !== e.actor
    ? `; run by ${e.actor} on another mailbox`
    : '';
  return {
    key: `${mailbox}|${targets.join(',')}`,
    actor: e.actor,
    eventIds: [e.id],
    severity: external.length ? 'high' : 'medium',
    matched: {
      mailbox,
      forwardTo: targets,
      external,
      deliverToMailboxAndForward: keepsCopy,
      ip: e.ip,
    },
    explanation:
      `Set-Mailbox ${byWhom(e)} forwards all mail of ${mailbox} to ` +
      `${listText(targets)}` +
      (external.length ? ' (outside the tenant)' : ' (inside the tenant)') +
      (keepsCopy
        ? ''
        : '; DeliverToMailboxAndForward is not True, so the mailbox ' +
          'keeps no copy') +
      other,
  };
}

/** Mailbox-level SMTP forwarding (D21). */
export const MAILBOX_FORWARDING: Rule = {
  id: 'mailbox-forwarding',
  title: 'Mailbox forwarding set',
  severity: 'high',
  technique: 'T1114.003',
  description:
    'Set-Mailbox with a non-empty ForwardingSmtpAddress or ' +
    'ForwardingAddress. High when the address is outside the tenant; ' +
    'the finding says whether the mailbox keeps a copy ' +
    '(DeliverToMailboxAndForward) and who ran it.',
  run: mailboxForwarding,
};

const COPY_PARAMS = ['blindcopyto', 'redirectmessageto', 'copyto',
  'addtorecipients'];

function transportRules(ctx: RuleContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  const ops = ['New-TransportRule', 'Set-TransportRule'];
  for (const e of cmdlets(ctx, ops)) {
    const p = cmdletParameters(parseDetails(e.details));
    const targets = COPY_PARAMS.flatMap((k) =>
      splitAddresses(p.get(k) ?? '').map((a) => `${k}:${a}`));
    const bypass = bypassOf(p);
    if (targets.length || bypass.length) {
      drafts.push(transportDraft(ctx, e, p, targets, bypass));
    }
  }
  return drafts;
}

function bypassOf(p: Map<string, string>): string[] {
  const out: string[] = [];
  if ((p.get('setscl') ?? '').trim() === '-1') {
    out.push('sets SCL -1 (skips spam filtering)');
  }
  const header = p.get('setheadername') ?? '';
  if (/bypass|skip/i.test(header)) out.push(`sets header ${header}`);
  return out;
}

function transportDraft(
  ctx: RuleContext,
  e: Ev,
  p: Map<string, string>,
  targets: string[],
  bypass: string[],
): FindingDraft {
  const name = p.get('name') ?? p.get('identity') ?? 'unnamed';
  const addresses = targets.map((t) => t.slice(t.indexOf(':') + 1));
  const external = addresses.filter((a) => !ctx.tenant.isInternal(a));
  const copies = targets.length
    ? `copies or redirects mail to ${listText(addresses)}` +
      (external.length ? ' (outside the tenant)' : '')
    : '';
  return {
    key: `${name}|${e.id}`,
    actor: e.actor,
    eventIds: [e.id],
    severity: external.length || bypass.length ? 'high' : 'medium',
    matched: { rule: name, copyTo: targets, external, bypass, ip: e.ip },
    explanation:
      `${e.operation} "${name}" ${byWhom(e)} ` +
      [copies, ...bypass].filter(Boolean).join(' and '),
  };
}

/** Transport rule that copies, redirects or lets mail bypass (D23). */
export const TRANSPORT_RULE: Rule = {
  id: 'transport-rule-forward-bypass',
  title: 'Transport rule copies, redirects or bypasses filtering',
  severity: 'high',
  technique: 'T1114.003',
  description:
    'New-TransportRule or Set-TransportRule with BlindCopyTo, ' +
    'RedirectMessageTo, CopyTo or AddToRecipients, or one that sets SCL ' +
    '-1 or a bypass header. High when a recipient is outside the tenant ' +
    'or filtering is bypassed.',
  run: transportRules,
};

interface Grant {
  mailbox: string;
  trustee: string;
  right: string;
}

function grantOf(e: Ev, p: Map<string, string>): Grant | null {
  const rights = p.get('accessrights') ?? '';
  const mailbox = mailboxOf(e, p);
  switch (e.operation) {
    case 'Add-MailboxPermission':
      return /fullaccess|changepermission|changeowner/i.test(rights)
        ? { mailbox, trustee: p.get('user') ?? '?', right: rights }
        : null;
    case 'Add-RecipientPermission':
      return /sendas/i.test(rights)
        ? { mailbox, trustee: p.get('trustee') ?? '?', right: 'SendAs' }
        : null;
    case 'Set-Mailbox': {
      const t = p.get('grantsendonbehalfto');
      return t ? { mailbox, trustee: t, right: 'SendOnBehalf' } : null;
    }
    default:
      return folderGrant(mailbox, p, rights);
  }
}

function folderGrant(
  mailbox: string,
  p: Map<string, string>,
  rights: string,
): Grant | null {
  const user = p.get('user') ?? '';
  if (!/^(default|anonymous)$/i.test(user) || /^none$/i.test(rights)) {
    return null;
  }
  const folder = p.get('identity') ?? mailbox;
  return { mailbox: folder, trustee: user, right: rights || 'access' };
}

function delegations(ctx: RuleContext): FindingDraft[] {
  const ops = ['Add-MailboxPermission', 'Add-RecipientPermission',
    'Set-Mailbox', 'Add-MailboxFolderPermission',
    'Set-MailboxFolderPermission'];
  const drafts: FindingDraft[] = [];
  for (const e of cmdlets(ctx, ops)) {
    if (/^NT AUTHORITY/i.test(e.actor ?? '')) continue;
    const g = grantOf(e, cmdletParameters(parseDetails(e.details)));
    if (g) drafts.push(grantDraft(ctx, e, g));
  }
  return drafts;
}

function grantDraft(ctx: RuleContext, e: Ev, g: Grant): FindingDraft {
  const everyone = /^(default|anonymous)$/i.test(g.trustee);
  const external = g.trustee.includes('@') &&
    !ctx.tenant.isInternal(g.trustee);
  return {
    key: `${g.mailbox}|${g.trustee.toLowerCase()}|${g.right}`,
    actor: e.actor,
    eventIds: [e.id],
    severity: everyone || external ? 'high' : 'medium',
    matched: { ...g, operation: e.operation, external, everyone },
    explanation:
      `${e.operation} ${byWhom(e)} gave ${g.trustee} ${g.right} on ` +
      `${g.mailbox}` +
      (everyone ? ' (every user of the tenant, or anyone)' : '') +
      (external ? ' (an account outside the tenant)' : ''),
  };
}

/** Mailbox permission, send-as or folder sharing granted (D24). */
export const MAILBOX_DELEGATION: Rule = {
  id: 'mailbox-delegation',
  title: 'Mailbox access or send-as delegated',
  severity: 'medium',
  technique: 'T1098.002',
  description:
    'Add-MailboxPermission (FullAccess, ChangePermission, ChangeOwner), ' +
    'Add-RecipientPermission (SendAs), Set-Mailbox GrantSendOnBehalfTo, ' +
    'or a mailbox folder shared with Default or Anonymous. High for an ' +
    'external trustee or Default/Anonymous. System accounts excluded.',
  run: delegations,
};

interface HourRow {
  actor: string;
  hour: number;
  items: number;
  records: number;
  largest: number;
}

const HOUR = 3_600_000;

function mailAccess(ctx: RuleContext): FindingDraft[] {
  const rows = ctx.db
    .prepare(
      `SELECT actor, time_ms / ${HOUR} AS hour,
         sum(coalesce(json_extract(details, '$.OperationCount'), 1)) AS items,
         count(*) AS records,
         max(coalesce(json_extract(details, '$.OperationCount'), 1))
           AS largest
       FROM event
       WHERE operation = 'MailItemsAccessed' AND actor IS NOT NULL
         AND json_valid(coalesce(details, '{}'))
       GROUP BY actor, hour ORDER BY actor, hour`,
    )
    .iterate() as Iterable<HourRow>;
  const flagged: { row: HourRow; median: number }[] = [];
  let user: HourRow[] = [];
  const flush = () => {
    flagged.push(...heavyHours(ctx, user));
    user = [];
  };
  for (const r of rows) {
    if (user.length && user[0].actor !== r.actor) flush();
    user.push(r);
  }
  flush();
  const drafts = mergeHours(flagged).map((g) => accessDraft(ctx, g));
  return [...drafts, ...throttled(ctx)];
}

function heavyHours(
  ctx: RuleContext,
  hours: HourRow[],
): { row: HourRow; median: number }[] {
  if (!hours.length) return [];
  const floor = ctx.policy.threshold('mailAccess.hourlyMin');
  const factor = ctx.policy.threshold('mailAccess.baselineFactor');
  const big = ctx.policy.threshold('mailAccess.operationCount');
  const sorted = hours.map((h) => h.items).sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return hours
    .filter((h) => h.largest >= big ||
      (hours.length >= 5 && h.items >= floor && h.items >= factor * median))
    .map((row) => ({ row, median }));
}

function mergeHours(
  flagged: { row: HourRow; median: number }[],
): { row: HourRow; median: number }[][] {
  const out: { row: HourRow; median: number }[][] = [];
  for (const f of flagged) {
    const last = out[out.length - 1];
    const prev = last?.[last.length - 1];
    if (prev && prev.row.actor === f.row.actor &&
      prev.row.hour === f.row.hour - 1) {
      last.push(f);
    } else out.push([f]);
  }
  return out;
}

function accessDraft(
  ctx: RuleContext,
  hours: { row: HourRow; median: number }[],
): FindingDraft {
  const actor = hours[0].row.actor;
  const from = hours[0].row.hour * HOUR;
  const to = (hours[hours.length - 1].row.hour + 1) * HOUR - 1;
  const events = readEvents(ctx.db, {
    operations: ['MailItemsAccessed'],
    where: 'actor = ? AND time_ms BETWEEN ? AND ?',
    params: [actor, from, to],
  });
  const items = hours.reduce((n, h) => n + h.row.items, 0);
  const largest = Math.max(...hours.map((h) => h.row.largest));
  const suspect = ctx.suspicious().lastBefore(actor, to,
    ctx.policy.threshold('suspicious.followHours'));
  const ips = distinct(events.map((e) => e.ip));
  return {
    key: `${actor}|${utc(from)}`,
    actor,
    eventIds: events.map((e) => e.id),
    severity: suspect ? 'high' : 'medium',
    matched: { items, records: events.length, largestRecord: largest,
      medianPerHour: hours[0].median, from: utc(from), to: utc(to + 1), ips,
      afterSuspiciousSignIn: suspect ? utc(suspect.timeMs) : null },
    explanation:
      `${items} mail items accessed by ${actor} between ${utc(from)} and ` +
      `${utc(to + 1)} (${events.length} MailItemsAccessed records, largest ` +
      `${largest} items, from ${listText(ips.map(String))}); the user's ` +
      `median is ${hours[0].median} items per hour` +
      (suspect
        ? `; a suspicious sign-in (${suspect.reasons.join(', ')}) came at ` +
          `${utc(suspect.timeMs)}`
        : ''),
  };
}

function throttled(ctx: RuleContext): FindingDraft[] {
  const rows = scanEvents(ctx.db, {
    operations: ['MailItemsAccessed'],
    where: "details LIKE '%IsThrottled%'",
  });
  const hits: Ev[] = [];
  for (const e of rows) {
    const props = nameValueMap(parseDetails(e.details),
      'OperationProperties');
    if (isTrue(props.get('isthrottled'))) hits.push(e);
  }
  return [...bucket(hits, (e) => e.actor).values()].map((g) => ({
    key: `${g[0].actor}|throttled|${utc(g[0].time_ms)}`,
    actor: g[0].actor,
    eventIds: g.map((e) => e.id),
    matched: { throttled: true, firstTime: utc(g[0].time_ms) },
    explanation:
      `MailItemsAccessed logging for ${g[0].actor} was throttled at ` +
      `${utc(g[0].time_ms)}: more than 1,000 records in 24 hours, so mail ` +
      'read in the following 24 hours is not in the log (a blind spot)',
  }));
}

/** Reading far more mail than usual, or throttled audit (D25). */
export const MASS_MAIL_ACCESS: Rule = {
  id: 'mass-mail-access',
  title: 'Mass mailbox reading (MailItemsAccessed)',
  severity: 'medium',
  technique: 'T1114.002',
  description:
    'An aggregated MailItemsAccessed record of at least ' +
    'mailAccess.operationCount items, or an hour with at least ' +
    'mailAccess.hourlyMin items and mailAccess.baselineFactor times the ' +
    "user's median hour (needs 5 hours of history), or a throttled " +
    'record (a blind spot). High after a suspicious sign-in.',
  run: mailAccess,
};
