/**
 * Successful sign-ins that other rules treat as a warning sign: from
 * outside the allowed countries, from a hosting or VPN network, with an
 * attack-tool user agent, or flagged suspicious by Google or Entra.
 */
import type Database from 'better-sqlite3';
import type { PolicyView } from '../policy/policy-view.js';
import { scanEvents, type Ev } from './event-scan.js';
import type { DetectionLists } from './lists.js';
import { gwsParameters, isTrue, parseDetails } from './record-fields.js';
import { isSuccess, SUCCESS_OPERATIONS } from './sign-ins.js';

/** One suspicious sign-in and why it is suspicious. */
export interface SuspiciousSignIn {
  eventId: number;
  timeMs: number;
  ip: string | null;
  reasons: string[];
}

/** The suspicious successful sign-ins of every user, in time order. */
export class SuspiciousSignIns {
  constructor(private readonly byUser: Map<string, SuspiciousSignIn[]>) {}

  /** The user's suspicious sign-ins between two instants, inclusive. */
  between(user: string, fromMs: number, toMs: number): SuspiciousSignIn[] {
    const all = this.byUser.get(user) ?? [];
    return all.filter((s) => s.timeMs >= fromMs && s.timeMs <= toMs);
  }

  /** The latest suspicious sign-in at most `hours` before an instant. */
  lastBefore(
    user: string,
    timeMs: number,
    hours: number,
  ): SuspiciousSignIn | null {
    const hits = this.between(user, timeMs - hours * 3_600_000, timeMs);
    return hits[hits.length - 1] ?? null;
  }

  /** Collects them from the case in one pass over successful sign-ins. */
  static collect(
    db: Database.Database,
    policy: PolicyView,
    lists: DetectionLists,
  ): SuspiciousSignIns {
    const byUser = new Map<string, SuspiciousSignIn[]>();
    const rows = scanEvents(db, {
      operations: SUCCESS_OPERATIONS,
      where: "result = 'success' AND actor IS NOT NULL",
    });
    for (const e of rows) {
      const reasons = reasonsOf(e, policy, lists);
      if (!reasons.length || !e.actor || !isSuccess(e)) continue;
      const list = byUser.get(e.actor) ?? [];
      list.push({ eventId: e.id, timeMs: e.time_ms, ip: e.ip, reasons });
      byUser.set(e.actor, list);
    }
    return new SuspiciousSignIns(byUser);
  }
}

function reasonsOf(
  e: Ev,
  policy: PolicyView,
  lists: DetectionLists,
): string[] {
  const out: string[] = [];
  const trusted = policy.isTrusted(e.ip, e.asn);
  if (!trusted && outsideAllowed(e, policy)) {
    out.push(`outside the allowed countries (${e.country})`);
  }
  const hosting = trusted ? null : lists.hostingNetwork(e.asn);
  if (hosting) out.push(`from ${hosting.kind} network AS${hosting.asn}`);
  const agent = lists.matchAgent(e.user_agent);
  if (agent) out.push(`with user agent ${agent.label}`);
  if (providerFlagged(e)) out.push('flagged suspicious by the provider');
  return out;
}

function outsideAllowed(e: Ev, policy: PolicyView): boolean {
  if (!e.country || !policy.hasAllowedPlaces()) return false;
  if (policy.placeVerdict(e.country, e.region) !== 'outside-country') {
    return false;
  }
  return !e.actor || !policy.isTravelExcepted(e.actor, e.country, e.time_ms);
}

function providerFlagged(e: Ev): boolean {
  if (!e.details) return false;
  if (e.source.startsWith('gws-')) {
    return isTrue(gwsParameters(parseDetails(e.details)).get('is_suspicious'));
  }
  return parseDetails(e.details).riskLevelDuringSignIn === 'high';
}
