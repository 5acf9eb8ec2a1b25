/**
 * The access token of a `serve` session: 32 random bytes, compared in
 * constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Makes a fresh token: 32 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * True when a presented token equals the expected one. Both are hashed
 * first so the comparison takes the same time whatever their lengths.
 */
export function tokensMatch(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(given, 'utf8').digest();
  return timingSafeEqual(a, b);
}
