/**
 * Inbox rules that send mail away, hide it, or hide themselves behind
 * a name of punctuation: the core of business email compromise.
 */
import { bucket } from '../buckets.js';
import { listText, utc } from '../describe.js';
import { scanEvents } from '../event-scan.js';
import {
  INBOX_RULE_OPERATIONS,
  isHiddenFolder,
  isObfuscatedName,
  lureTerms,
  readInboxRule,
  type InboxRule,
} from '../inbox-rules.js';
import type {
  FindingDraft,
  FindingSeverity,
  Rule,
  RuleContext,
} from '../rule.js';

function inboxRules(ctx: RuleContext): InboxRule[] {
  const rows = scanEvents(ctx.db, {
    operations: INBOX_RULE_OPERATIONS,
    where: "result != 'failure'",
  });
  const out: InboxRule[] = [];
  for (const e of rows) {
    const r = readInboxRule(e);
    if (r) out.push(r);
  }
  return out;
}

/** Findings per mailbox and rule name over the matching changes. */
function perRule(
  ctx: RuleContext,
  matches: (r: InboxRule) => boolean,
  draft: (ctx: RuleContext, rules: InboxRule[]) => FindingDraft,
): FindingDraft[] {
  const hits = inboxRules(ctx).filter(matches);
  const groups = bucket(hits, (r) => `${r.mailbox}|${r.name ?? ''}`);
  return [...groups.values()].map((g) => draft(ctx, g));
}

function ruleWords(r: InboxRule): string {
  const e = r.event;
  const name = r.name === null ? 'without a name' : `"${r.name}"`;
  const verb = e.operation === 'Set-InboxRule' ? 'changed' : 'created';
  return `Inbox rule ${name} of ${r.mailbox}, ${verb} by ${e.actor} at ` +
    `${utc(e.time_ms)} from ${e.ip ?? 'an unknown address'}`;
}

function hideActions(r: InboxRule): string[] {
  const out: string[] = [];
  if (r.deletes) out.push('deletes the message');
  if (r.markRead) out.push('marks it as read');
  if (isHiddenFolder(r.moveTo)) out.push(`moves it to "${r.moveTo}"`);
  if (r.stops && out.length) out.push('stops processing further rules');
  return out;
}

function baseMatched(rules: InboxRule[]): Record<string, unknown> {
  const r = rules[rules.length - 1];
  return {
    mailbox: r.mailbox,
    ruleName: r.name,
    operations: rules.map((x) => x.event.operation),
    ips: [...new Set(rules.map((x) => x.event.ip))],
    conditions: r.conditions,
  };
}

function forwardDraft(ctx: RuleContext, rules: InboxRule[]): FindingDraft {
  const targets = [...new Set(rules.flatMap((r) => r.forwardTo))];
  const external = targets.filter((t) => !ctx.tenant.isInternal(t));
  const r = rules[0];
  const hides = hideActions(rules[rules.length - 1]);
  return {
    key: `${r.mailbox}|${r.name ?? ''}`,
    actor: r.event.actor,
    eventIds: rules.map((x) => x.event.id),
    severity: external.length ? 'high' : 'medium',
    matched: { ...baseMatched(rules), forwardTo: targets, external },
    explanation:
      `${ruleWords(r)}, forwards mail to ${listText(targets)}` +
      (external.length
        ? ` (outside the tenant: ${listText(external)})`
        : ' (inside the tenant)') +
      (hides.length ? `, and ${hides.join(', ')}` : ''),
  };
}

/** Inbox rule that forwards or redirects mail (D18). */
export const INBOX_RULE_FORWARD: Rule = {
  id: 'inbox-rule-forward',
  title: 'Inbox rule forwards or redirects mail',
  severity: 'high',
  technique: 'T1114.003',
  description:
    'New-InboxRule or Set-InboxRule with ForwardTo, ForwardAsAttachmentTo ' +
    'or RedirectTo, or UpdateInboxRules whose RuleActions forward or ' +
    'redirect. High when a recipient is outside the tenant domains, ' +
    'medium inside. One finding per mailbox and rule name.',
  run: (ctx) => perRule(ctx, (r) => r.forwardTo.length > 0, forwardDraft),
};

function hideDraft(ctx: RuleContext, rules: InboxRule[]): FindingDraft {
  const r = rules[rules.length - 1];
  const first = rules[0];
  const actions = [...new Set(rules.flatMap(hideActions))];
  const lures = [...new Set(rules.flatMap(lureTerms))];
  const severity: FindingSeverity =
    lures.length || isObfuscatedName(r.name) || r.deletes ? 'high'
      : 'medium';
  return {
    key: `${r.mailbox}|${r.name ?? ''}`,
    actor: first.event.actor,
    eventIds: rules.map((x) => x.event.id),
    severity,
    matched: { ...baseMatched(rules), actions, moveTo: r.moveTo,
      lureTerms: lures },
    explanation:
      `${ruleWords(first)}, ${actions.join(', ')}` +
      (lures.length ? ` for mail about ${lures.join(', ')}` : ''),
  };
}

/** Inbox rule that deletes, marks read or buries mail (D19). */
export const INBOX_RULE_HIDE: Rule = {
  id: 'inbox-rule-hide',
  title: 'Inbox rule hides mail',
  severity: 'high',
  technique: 'T1564.008',
  description:
    'An inbox rule that deletes messages, marks them read or moves them ' +
    'to a folder people rarely open (RSS Feeds, RSS Subscriptions, ' +
    'Conversation History, Archive, Junk Email, Deleted Items). High ' +
    'when it deletes, has an obfuscated name or watches for payment or ' +
    'security words; medium otherwise.',
  run: (ctx) => perRule(ctx, (r) => hideActions(r).length > 0, hideDraft),
};

function nameDraft(ctx: RuleContext, rules: InboxRule[]): FindingDraft {
  const r = rules[0];
  const last = rules[rules.length - 1];
  const acts = [
    ...(last.forwardTo.length ? [`forwards to ${listText(last.forwardTo)}`]
      : []),
    ...hideActions(last),
  ];
  const shown = JSON.stringify(r.name);
  return {
    key: `${r.mailbox}|${r.name ?? ''}`,
    actor: r.event.actor,
    eventIds: rules.map((x) => x.event.id),
    severity: acts.length ? 'high' : 'medium',
    matched: { ...baseMatched(rules), actions: acts },
    explanation:
      `Inbox rule named ${shown} (only punctuation or spaces) of ` +
      `${r.mailbox}, created by ${r.event.actor} at ${utc(r.event.time_ms)} ` +
      `from ${r.event.ip ?? 'an unknown address'}` +
      (acts.length ? `; it ${acts.join(', ')}` : ''),
  };
}

/** Inbox rule with a name of punctuation or spaces (D20). */
export const INBOX_RULE_OBFUSCATED_NAME: Rule = {
  id: 'inbox-rule-obfuscated-name',
  title: 'Inbox rule with a near-empty name',
  severity: 'medium',
  technique: 'T1564.008',
  description:
    'An inbox rule whose name is empty or only punctuation and spaces ' +
    '(".", "..", " "), a way to keep it out of sight in Outlook. High ' +
    'when the rule also forwards or hides mail.',
  run: (ctx) => perRule(ctx, (r) => isObfuscatedName(r.name), nameDraft),
};
