/**
 * Guessing passwords: one source against many accounts (spray) and
 * many attempts against one account (brute force), and the success
 * that may follow either.
 */
import {
  clusters,
  denseRanges,
  mergeRanges,
  peakDistinct,
} from '../bursts.js';
import { distinct, listText, placeText, utc } from '../describe.js';
import { readEvents, type Ev } from '../event-scan.js';
import type { FindingDraft, Rule, RuleContext } from '../rule.js';
import {
  FAILURE_OPERATIONS,
  isCredentialFailure,
  isSuccess,
  SUCCESS_OPERATIONS,
} from '../sign-ins.js';

const MINUTE = 60_000;

function marks(ops: readonly string[]): string {
  return ops.map(() => '?').join(', ');
}

/** Values of a column whose failures reach a count, found by SQL. */
function candidates(
  ctx: RuleContext,
  column: 'ip' | 'actor',
  min: number,
): string[] {
  const distinctActors = column === 'ip' ? 'DISTINCT actor' : '*';
  return ctx.db
    .prepare(
      `SELECT ${column} FROM event
       WHERE operation IN (${marks(FAILURE_OPERATIONS)})
         AND result = 'failure' AND ${column} IS NOT NULL
       GROUP BY ${column} HAVING count(${distinctActors}) >= ?`,
    )
    .pluck()
    .all(...FAILURE_OPERATIONS, min) as string[];
}

function signInsBy(
  ctx: RuleContext,
  column: 'ip' | 'actor',
  value: string,
  ops: readonly string[],
): Ev[] {
  return readEvents(ctx.db, {
    operations: ops,
    where: `${column} = ? AND actor IS NOT NULL`,
    params: [value],
  });
}

function spray(ctx: RuleContext): FindingDraft[] {
  const minUsers = ctx.policy.threshold('spray.minUsers');
  const drafts: FindingDraft[] = [];
  for (const ip of candidates(ctx, 'ip', minUsers)) {
    const failures = signInsBy(ctx, 'ip', ip, FAILURE_OPERATIONS)
      .filter(isCredentialFailure);
    const successes = signInsBy(ctx, 'ip', ip, SUCCESS_OPERATIONS)
      .filter(isSuccess);
    for (const burst of sprayBursts(ctx, failures)) {
      const d = sprayDraft(ctx, ip, burst, successes);
      if (d) drafts.push(d);
    }
  }
  return drafts;
}

function sprayBursts(ctx: RuleContext, failures: Ev[]): Ev[][] {
  const windowMs = ctx.policy.threshold('spray.windowMinutes') * MINUTE;
  const min = ctx.policy.threshold('spray.minUsers');
  const out: Ev[][] = [];
  for (const cluster of clusters(failures, windowMs)) {
    const ranges = denseRanges(cluster, {
      windowMs,
      min,
      keyOf: (e) => e.actor as string,
    });
    for (const [a, b] of mergeRanges(ranges)) {
      out.push(cluster.slice(a, b + 1));
    }
  }
  return out;
}

function sprayDraft(
  ctx: RuleContext,
  ip: string,
  burst: Ev[],
  successes: Ev[],
): FindingDraft | null {
  const start = burst[0].time_ms;
  const end = burst[burst.length - 1].time_ms;
  const users = distinct(burst.map((e) => e.actor as string));
  const okInBurst = distinct(
    successes
      .filter((s) => s.time_ms >= start && s.time_ms <= end)
      .map((s) => s.actor),
  );
  if (users.length <= okInBurst.length) return null;
  const later = laterSuccesses(ctx, users, successes, start, end);
  const windowMin = ctx.policy.threshold('spray.windowMinutes');
  const peak = peakDistinct(burst, windowMin * MINUTE, (e) => e.actor ?? '');
  const first = burst[0];
  const taken = later.length
    ? `; ${listText(distinct(later.map((e) => e.actor as string)))} then ` +
      `signed in successfully from the same IP, first at ` +
      `${utc(later[0].time_ms)}`
    : '';
  return {
    key: `${ip}|${utc(start)}`,
    actor: later[0]?.actor ?? null,
    eventIds: [...burst, ...later].map((e) => e.id),
    severity: later.length ? 'high' : 'medium',
    matched: {
      ip,
      place: placeText(first),
      users,
      failures: burst.length,
      peakUsers: peak,
      windowMinutes: windowMin,
      threshold: ctx.policy.threshold('spray.minUsers'),
      codes: distinct(burst.map((e) => e.result_code)),
      start: utc(start),
      end: utc(end),
      compromised: distinct(later.map((e) => e.actor)),
    },
    explanation:
      `${users.length} accounts failed to sign in from ${ip} ` +
      `(${placeText(first)}) between ${utc(start)} and ${utc(end)}: ` +
      `${listText(users)}; peak ${peak} accounts within ${windowMin} min ` +
      `(threshold ${ctx.policy.threshold('spray.minUsers')})${taken}`,
  };
}

function laterSuccesses(
  ctx: RuleContext,
  users: string[],
  successes: Ev[],
  start: number,
  end: number,
): Ev[] {
  const hours = ctx.policy.threshold('spray.successWithinHours');
  const until = end + hours * 3_600_000;
  const sprayed = new Set(users);
  // Any account that then gets in from the spraying address counts.
  return successes.filter(
    (s) => s.time_ms <= until &&
      (s.time_ms > end || (s.time_ms >= start && sprayed.has(s.actor ?? ''))),
  );
}

/** One source failing against many accounts (D06). */
export const PASSWORD_SPRAY: Rule = {
  id: 'password-spray',
  title: 'Password spray from one address',
  severity: 'medium',
  technique: 'T1110.003',
  description:
    'Wrong-password or locked-account failures from one IP for at least ' +
    'spray.minUsers distinct accounts within spray.windowMinutes, more ' +
    'accounts failing than succeeding from it. Counts distinct accounts, ' +
    'since Google aggregates attempts per login session. High when any ' +
    'account then signs in successfully from the same IP within ' +
    'spray.successWithinHours.',
  run: spray,
};

function bruteForce(ctx: RuleContext): FindingDraft[] {
  const min = ctx.policy.threshold('bruteForce.minFailures');
  const windowMs = ctx.policy.threshold('bruteForce.windowMinutes') * MINUTE;
  const drafts: FindingDraft[] = [];
  for (const actor of candidates(ctx, 'actor', min)) {
    const failures = signInsBy(ctx, 'actor', actor, FAILURE_OPERATIONS)
      .filter(isCredentialFailure);
    const successes = signInsBy(ctx, 'actor', actor, SUCCESS_OPERATIONS)
      .filter(isSuccess);
    for (const cluster of clusters(failures, windowMs)) {
      const ranges = denseRanges(cluster, {
        windowMs,
        min,
        keyOf: (e) => String(e.id),
      });
      for (const [a, b] of mergeRanges(ranges)) {
        const burst = cluster.slice(a, b + 1);
        drafts.push(bruteDraft(ctx, actor, burst, successes));
      }
    }
  }
  return drafts;
}

function bruteDraft(
  ctx: RuleContext,
  actor: string,
  burst: Ev[],
  successes: Ev[],
): FindingDraft {
  const start = burst[0].time_ms;
  const end = burst[burst.length - 1].time_ms;
  const within = ctx.policy.threshold('bruteForce.successWithinMinutes');
  const ok = successes.find(
    (s) => s.time_ms >= end && s.time_ms <= end + within * MINUTE,
  );
  const ips = distinct(burst.map((e) => e.ip));
  const windowMin = ctx.policy.threshold('bruteForce.windowMinutes');
  const peak = peakDistinct(burst, windowMin * MINUTE, (e) => String(e.id));
  const after = ok
    ? `; then a successful sign-in at ${utc(ok.time_ms)} from ${ok.ip}` +
      (ok.ip !== null && ips.includes(ok.ip)
        ? ', an address that had failed'
        : '')
    : '';
  return {
    key: `${actor}|${utc(start)}`,
    actor,
    eventIds: [...burst, ...(ok ? [ok] : [])].map((e) => e.id),
    severity: ok ? 'high' : 'medium',
    matched: {
      failures: burst.length,
      peak,
      windowMinutes: windowMin,
      threshold: ctx.policy.threshold('bruteForce.minFailures'),
      ips,
      codes: distinct(burst.map((e) => e.result_code)),
      start: utc(start),
      end: utc(end),
      success: ok ? { time: utc(ok.time_ms), ip: ok.ip } : null,
    },
    explanation:
      `${burst.length} failed sign-ins for ${actor} between ${utc(start)} ` +
      `and ${utc(end)} from ${listText(ips.map(String))} (codes ` +
      `${distinct(burst.map((e) => e.result_code)).join(', ')}); peak ` +
      `${peak} within ${windowMin} min (threshold ` +
      `${ctx.policy.threshold('bruteForce.minFailures')})${after}`,
  };
}

/** Many failures against one account, escalated by a success (D07). */
export const BRUTE_FORCE: Rule = {
  id: 'brute-force',
  title: 'Brute force on one account, and success after it',
  severity: 'medium',
  technique: 'T1110.001',
  description:
    'At least bruteForce.minFailures wrong-password failures for one ' +
    'account within bruteForce.windowMinutes. High when a successful ' +
    'sign-in of the account follows within ' +
    'bruteForce.successWithinMinutes.',
  run: bruteForce,
};

