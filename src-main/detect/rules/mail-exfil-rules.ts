/**
 * Mail leaving for personal mailboxes after a suspicious sign-in. The
 * recipients come from Gmail delivery logs; Exchange `Send` records
 * carry none, so M365 needs a message trace (not importable yet).
 */
import { bucket } from '../buckets.js';
import { distinct, listText, utc, utcDay } from '../describe.js';
import { scanEvents, type Ev } from '../event-scan.js';
import { gwsParameters, parseDetails } from '../record-fields.js';
import type { FindingDraft, Rule, RuleContext } from '../rule.js';
import { addressDomain, bareAddress } from '../tenant-domains.js';

/** One outbound message as the Gmail log tells it. */
interface Outbound {
  event: Ev;
  sender: string;
  recipients: string[];
  attachments: number;
  subject: string | null;
}

function readOutbound(e: Ev): Outbound | null {
  const info = gwsParameters(parseDetails(e.details)).get('message_info');
  if (!info || typeof info !== 'object') return null;
  const m = info as Record<string, unknown>;
  const source = (m.source ?? {}) as Record<string, unknown>;
  const sender = typeof source.address === 'string'
    ? bareAddress(source.address)
    : null;
  if (!sender) return null;
  const dest = Array.isArray(m.destination) ? m.destination : [];
  const recipients = dest
    .map((d) => (d as Record<string, unknown>).address)
    .filter((a): a is string => typeof a === 'string')
    .map(bareAddress);
  return {
    event: e,
    sender,
    recipients,
    attachments: Number(m.num_message_attachments ?? 0) || 0,
    subject: typeof m.subject === 'string' ? m.subject : null,
  };
}

function freeMailAfterSignIn(ctx: RuleContext): FindingDraft[] {
  noteExchange(ctx);
  const hours = ctx.policy.threshold('freeMail.afterSignInHours');
  const hits: (Outbound & { free: string[]; after: string })[] = [];
  for (const e of scanEvents(ctx.db, { operations: ['delivery'] })) {
    const m = readOutbound(e);
    if (!m || !ctx.tenant.isInternal(m.sender)) continue;
    const free = m.recipients.filter((r) =>
      ctx.lists.isFreeMail(addressDomain(r) ?? ''));
    if (!free.length) continue;
    const s = ctx.suspicious().lastBefore(m.sender, e.time_ms, hours);
    if (s) hits.push({ ...m, free, after: describeSignIn(s) });
  }
  const groups = bucket(hits, (h) => `${h.sender}|${utcDay(h.event.time_ms)}`);
  return [...groups].map(([key, g]) => freeMailDraft(ctx, key, g));
}

function describeSignIn(s: { timeMs: number; ip: string | null;
  reasons: string[] }): string {
  return `${utc(s.timeMs)} from ${s.ip} (${s.reasons.join(', ')})`;
}

// Exchange's audit records of sent mail carry no recipients, so for
// Microsoft 365 the run says that a message trace would be needed.
function noteExchange(ctx: RuleContext): void {
  const send = ctx.db
    .prepare("SELECT 1 FROM event WHERE operation = 'Send' LIMIT 1")
    .get();
  if (send) {
    ctx.note(
      'Exchange Send records name no recipients; mail to free-mail ' +
        'domains from Microsoft 365 needs a message trace, which this ' +
        'version cannot import',
    );
  }
}

function resemblesSender(sender: string, recipient: string): boolean {
  const [first = '', last = ''] = sender.split('@')[0].split(/[._-]/);
  const local = recipient.split('@')[0].toLowerCase();
  if (last.length >= 3 && local.includes(last)) return true;
  return first.length >= 3 && local.includes(first);
}

function freeMailDraft(
  ctx: RuleContext,
  key: string,
  g: (Outbound & { free: string[]; after: string })[],
): FindingDraft {
  const sender = g[0].sender;
  const recipients = distinct(g.flatMap((h) => h.free));
  const attachments = g.reduce((n, h) => n + h.attachments, 0);
  const own = recipients.filter((r) => resemblesSender(sender, r));
  const many = g.length >= ctx.policy.threshold('freeMail.highCount');
  return {
    key,
    actor: sender,
    eventIds: g.map((h) => h.event.id),
    severity: many || own.length || attachments > 0 ? 'high' : 'medium',
    matched: { recipients, messages: g.length, attachments,
      resemblesSender: own, subjects: distinct(g.map((h) => h.subject)) },
    explanation:
      `${g.length} message(s) from ${sender} to free-mail ` +
      `${listText(recipients)} on ${utcDay(g[0].event.time_ms)} ` +
      `(${attachments} attachment(s)), after a suspicious sign-in at ` +
      `${g[0].after}` +
      (own.length ? `; ${listText(own)} resembles the sender's name` : ''),
  };
}

/** Mail to free-mail domains after a suspicious sign-in (D28). */
export const FREE_MAIL_AFTER_SUSPICIOUS_SIGN_IN: Rule = {
  id: 'free-mail-after-suspicious-signin',
  title: 'Mail to free-mail addresses after a suspicious sign-in',
  severity: 'medium',
  technique: 'T1567',
  description:
    'Outbound mail (Gmail delivery logs) from a tenant account to a ' +
    'free-mail domain (resources/detect/free-mail-domains.json) within ' +
    'freeMail.afterSignInHours of a suspicious sign-in of the sender. ' +
    'High with attachments, freeMail.highCount messages a day, or a ' +
    "recipient resembling the sender's name.",
  run: freeMailAfterSignIn,
};
