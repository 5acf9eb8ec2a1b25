/**
 * Building the answers of calls: a value, or a failure as a value with a
 * code from the closed set. Nothing else ever crosses the boundary.
 */
import type { ApiError, Envelope } from '../../src-shared/contract.js';
import { TrailError, type ErrorCode } from '../../src-shared/errors.js';
import type { Logger } from './logger.js';

/** Wraps a value as a successful answer. */
export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

/** Builds a failed answer. */
export function fail(code: ErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

/**
 * Turns a thrown error into a failure: expected errors keep their code
 * and message; anything else is logged and answered as INTERNAL without
 * details, which may hold paths or values that are not the caller's.
 */
export function failureOf(err: unknown, log: Logger): Envelope<never> {
  if (err instanceof TrailError) return fail(err.code, err.message);
  const e = err instanceof Error ? err : new Error(String(err));
  log.error('call failed', { error: e.message, stack: e.stack ?? '' });
  return fail('INTERNAL', 'internal error; details are in the log');
}

/** The failure of an answer, or null when it succeeded. */
export function errorOf<T>(e: Envelope<T>): ApiError | null {
  return e.ok ? null : e.error;
}
