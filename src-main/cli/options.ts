/**
 * Parsers of option values shared by the commands; a bad value is a
 * usage error (exit code 2) naming the option.
 */
import { InvalidArgumentError } from 'commander';
import { TrailError } from '../../src-shared/errors.js';
import { parseTime } from '../import/time.js';

/** Parses a whole number of at least 1, e.g. a --limit. */
export function positiveCount(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError(`'${text}' is not a whole number of ` +
      'at least 1.');
  }
  return n;
}

const DAY_MS = 86_400_000;

/**
 * Parses a --from or --to time (ISO 8601; UTC unless zoned). A --to
 * given as a bare date means the end of that UTC day, so
 * `--from D --to D` is the whole day D.
 */
export function timeOption(
  v: string | undefined,
  flag: string,
): number | undefined {
  if (v === undefined) return undefined;
  const ms = parseTime(v);
  if (ms === null) {
    throw new TrailError('BAD_REQUEST', `${flag} ${v} is not a time`);
  }
  const wholeDay = flag === '--to' && /^\d{4}-\d{2}-\d{2}$/.test(v.trim());
  return wholeDay ? ms + DAY_MS - 1 : ms;
}
