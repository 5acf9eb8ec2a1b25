/**
 * Inbox rules as the UAL records them, read into one shape: New- and
 * Set-InboxRule carry cmdlet Parameters, UpdateInboxRules (Outlook
 * desktop, EWS, MAPI) carries OperationProperties instead.
 */
import type { Ev } from './event-scan.js';
import {
  cmdletParameters,
  isTrue,
  nameValueMap,
  parseDetails,
} from './record-fields.js';
import { splitAddresses } from './tenant-domains.js';

/** Operations that create or change an inbox rule. */
export const INBOX_RULE_OPERATIONS = [
  'New-InboxRule',
  'Set-InboxRule',
  'UpdateInboxRules',
];

/** What one inbox rule change does. */
export interface InboxRule {
  event: Ev;
  mailbox: string;
  name: string | null;
  forwardTo: string[];
  deletes: boolean;
  markRead: boolean;
  moveTo: string | null;
  stops: boolean;
  conditions: Record<string, string>;
}

const FORWARD_PARAMS = ['forwardto', 'forwardasattachmentto', 'redirectto'];

const CONDITION_PARAMS = [
  'subjectcontainswords',
  'bodycontainswords',
  'subjectorbodycontainswords',
  'from',
  'fromaddresscontainswords',
  'sentto',
  'headercontainswords',
];

/** Reads an inbox rule change; null for removals and unreadable records. */
export function readInboxRule(e: Ev): InboxRule | null {
  const d = parseDetails(e.details);
  if (e.operation === 'UpdateInboxRules') return fromProperties(e, d);
  const p = cmdletParameters(d);
  const forwardTo = FORWARD_PARAMS.flatMap((k) =>
    splitAddresses(p.get(k) ?? ''));
  const conditions: Record<string, string> = {};
  for (const k of CONDITION_PARAMS) {
    const v = p.get(k);
    if (v) conditions[k] = v;
  }
  return {
    event: e,
    mailbox: mailboxOf(e, p.get('mailbox')),
    name: p.get('name') ?? lastSegment(p.get('identity') ?? e.target),
    forwardTo,
    deletes: isTrue(p.get('deletemessage')) ||
      isTrue(p.get('softdeletemessage')),
    markRead: isTrue(p.get('markasread')),
    moveTo: p.get('movetofolder') || null,
    stops: isTrue(p.get('stopprocessingrules')),
    conditions,
  };
}

function fromProperties(
  e: Ev,
  d: Record<string, unknown>,
): InboxRule | null {
  const p = nameValueMap(d, 'OperationProperties');
  if (/remove|delete/i.test(p.get('ruleoperation') ?? '')) return null;
  const actions = ruleActions(p.get('ruleactions') ?? '');
  const condition = p.get('rulecondition');
  return {
    event: e,
    mailbox: mailboxOf(e, e.target),
    name: p.get('rulename') ?? null,
    ...actions,
    conditions: condition ? { rulecondition: condition } : {},
  };
}

interface Actions {
  forwardTo: string[];
  deletes: boolean;
  markRead: boolean;
  moveTo: string | null;
  stops: boolean;
}

/** RuleActions as JSON (`[{ActionType, Folder, Recipients}]`) or text. */
function ruleActions(text: string): Actions {
  const list = jsonList(text);
  if (!list) return textActions(text);
  const out: Actions = { forwardTo: [], deletes: false, markRead: false,
    moveTo: null, stops: false };
  for (const a of list) {
    const type = String(a.ActionType ?? a.actionType ?? '');
    if (/forward|redirect/i.test(type)) {
      out.forwardTo.push(...recipientsOf(a));
    } else if (/delete/i.test(type)) out.deletes = true;
    else if (/markasread/i.test(type)) out.markRead = true;
    else if (/move/i.test(type)) out.moveTo = folderOf(a);
    else if (/stop/i.test(type)) out.stops = true;
  }
  return out;
}

function textActions(text: string): Actions {
  const addresses = text.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? [];
  const folder = /MoveToFolder[^A-Za-z0-9]*([^;,\]}"]+)/i.exec(text);
  return {
    forwardTo: /forward|redirect/i.test(text)
      ? addresses.map((a) => a.toLowerCase())
      : [],
    deletes: /delete/i.test(text),
    markRead: /markasread|mark as read/i.test(text),
    moveTo: folder ? folder[1].trim() : null,
    stops: /stopprocessing/i.test(text),
  };
}

function jsonList(text: string): Record<string, unknown>[] | null {
  if (!text.trim().startsWith('[')) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v as Record<string, unknown>[]) : null;
  } catch {
    // Some exports write RuleActions as prose; read it as text instead.
    return null;
  }
}

function recipientsOf(a: Record<string, unknown>): string[] {
  const r = a.Recipients ?? a.recipients ?? a.To ?? a.Address ?? '';
  const list = Array.isArray(r) ? r.map(String) : [String(r)];
  return list.flatMap(splitAddresses);
}

function folderOf(a: Record<string, unknown>): string | null {
  const f = a.Folder ?? a.folder ?? a.FolderName ?? null;
  return f === null ? null : String(f);
}

function mailboxOf(e: Ev, hint: string | null | undefined): string {
  if (hint && hint.includes('@')) return hint.toLowerCase();
  return e.actor ?? hint ?? 'unknown mailbox';
}

function lastSegment(v: string | null | undefined): string | null {
  if (!v) return null;
  const parts = v.split('\\');
  return parts[parts.length - 1] || null;
}

/** Folders people rarely open, where moved mail goes unseen. */
const HIDDEN_FOLDERS = [
  'rss feeds', 'rss subscriptions', 'rss-feeds', 'rss-abonnements',
  'conversation history', 'archive', 'archiv', 'junk email', 'junk e-mail',
  'junk-e-mail', 'deleted items', 'gelöschte elemente',
];

/** True when the folder is one people rarely read. */
export function isHiddenFolder(folder: string | null): boolean {
  if (!folder) return false;
  const f = folder.replace(/^[\\/:]+/, '').trim().toLowerCase();
  return HIDDEN_FOLDERS.includes(f);
}

/** Terms that show a rule is aimed at payments or security notices. */
const LURE_TERMS = [
  'invoice', 'payment', 'wire', 'transfer', 'bank', 'remittance', 'ach',
  'fraud', 'phish', 'hack', 'security', 'alert', 'suspicious', 'password',
  'reset', 'helpdesk', 'do not click', 'iban', 'swift',
];

/** The finance or security terms the rule's conditions contain. */
export function lureTerms(rule: InboxRule): string[] {
  const text = Object.values(rule.conditions).join(' ').toLowerCase();
  return LURE_TERMS.filter((t) => new RegExp(`\\b${t}\\b`).test(text));
}

/** True for a name of only punctuation and spaces, or empty. */
export function isObfuscatedName(name: string | null): boolean {
  return name !== null && /^[\s\p{P}\p{S}]*$/u.test(name);
}
