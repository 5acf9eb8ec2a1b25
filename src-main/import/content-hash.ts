/**
 * Content hashes tell a true duplicate (the same record exported twice)
 * from a conflict (two records sharing an id). Most records never meet
 * a copy, so a record read exactly from JSON text is hashed by that
 * text alone, cheaply; only when a copy turns up with other text (other
 * key order, spacing, or another export format) is the canonical hash
 * of its content worked out, from the stored original (dedupe.ts).
 * Canonical JSON and its hash took 19 µs of the 65 µs a UAL record cost
 * the import's reading thread (issue #8).
 */
import { createHash } from 'node:crypto';
import { canonicalText } from './canonical-text.js';
import type { EventDraft, Obj } from './normalize/fields.js';

/** Marks a hash taken over a record's exact JSON text. */
export const TEXT_HASH_PREFIX = 'text:';

/**
 * Hash of what an event says: the canonical source record where the
 * normalizer names one (so two copies differing in any field are not
 * merged), else the normalized fields. `text` is what the record was
 * read from, hashed instead when the record has no canonical form.
 */
export function contentHash(d: EventDraft, text: string): string {
  if (d.content) return canonicalHash(d.content) ?? textHash(text);
  return sha1(JSON.stringify([
    d.timeMs, d.source, d.operation, d.actor, d.ip.original, d.result,
    d.resultCode, d.target, d.recordId, d.details,
  ]));
}

/**
 * Hash of a source record's canonical JSON; null when it has none: a
 * number JSON cannot hold (1e999 and 1e400 both read as Infinity), so
 * no copy can be proven the same but by its very text.
 */
export function canonicalHash(content: Obj): string | null {
  try {
    return sha1(canonicalText(content));
  } catch (err) {
    if (err instanceof TypeError) return null;
    throw err;
  }
}

/**
 * Hash of the exact text a record was read from. Text holding a lone
 * UTF-16 surrogate is hashed as UTF-16 code units: as UTF-8 every lone
 * surrogate would read as U+FFFD and two different records as one.
 */
export function textHash(text: string): string {
  return text.isWellFormed()
    ? TEXT_HASH_PREFIX + sha1(text)
    : `${TEXT_HASH_PREFIX}16:${sha1Units(text)}`;
}

/** True for a hash of JSON text rather than of canonical content. */
export function isTextHash(hash: string): boolean {
  return hash.startsWith(TEXT_HASH_PREFIX);
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

function sha1Units(text: string): string {
  return createHash('sha1').update(text, 'utf16le').digest('base64');
}
