/**
 * Parsers of option values shared by the commands; a bad value is a
 * usage error (exit code 2) naming the option.
 */
import { InvalidArgumentError } from 'commander';

/** Parses a whole number of at least 1, e.g. a --limit. */
export function positiveCount(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError(`'${text}' is not a whole number of ` +
      'at least 1.');
  }
  return n;
}
