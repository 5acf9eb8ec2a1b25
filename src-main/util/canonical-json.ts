/** RFC 8785 canonical JSON, the form every hash in a case is taken over. */
import canonicalize from 'canonicalize';

/** Serializes a value as RFC 8785 (JCS) canonical JSON. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}
