/**
 * Nesting depth of JSON, measured without parsing it. A record nested
 * deeper than any log needs is refused before anything recurses into
 * it: JSON.stringify, canonical text and repair all overflow the call
 * stack a few thousand levels down.
 *
 * A record holding no more than MAX_DEPTH `{` and `[` (in strings or
 * not) cannot nest deeper; native search counts them far faster than a
 * scan that tells strings apart, so only rare records need that scan.
 */
import type { RecordProblem } from '../normalize/fields.js';
import { stringEnd, type Units } from './units.js';

/** Deepest nesting a record may have; real log records stay far below. */
export const MAX_DEPTH = 1000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

/** True when the containers in `units` nest deeper than `max` levels. */
export function nestsDeeper(units: Units, max = MAX_DEPTH): boolean {
  if (units.length <= max || !unitOpenersExceed(units, max)) return false;
  const n = units.length;
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const c = units[i];
    if (c === QUOTE) {
      i = stringEnd(units, i, n);
      if (i < 0) return false;
    } else if (c === LBRACE || c === LBRACKET) {
      if (++depth > max) return true;
    } else if ((c === RBRACE || c === RBRACKET) && depth > 0) {
      depth--;
    }
  }
  return false;
}

/** True when the containers in JSON text nest deeper than `max` levels. */
export function textNestsDeeper(text: string, max = MAX_DEPTH): boolean {
  if (text.length <= max || !textOpenersExceed(text, max)) return false;
  const n = text.length;
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = textStringEnd(text, i);
      if (i < 0) return false;
    } else if (c === LBRACE || c === LBRACKET) {
      if (++depth > max) return true;
    } else if ((c === RBRACE || c === RBRACKET) && depth > 0) {
      depth--;
    }
  }
  return false;
}

/** The problem of a record nesting deeper than MAX_DEPTH, and why. */
export function tooDeepProblem(why: string): RecordProblem {
  return {
    severity: 'error',
    code: 'TOO_DEEP',
    message: `record nests deeper than ${MAX_DEPTH} levels: ${why}`,
  };
}

function unitOpenersExceed(units: Units, max: number): boolean {
  let n = 0;
  for (const opener of [LBRACE, LBRACKET]) {
    for (let i = units.indexOf(opener); i >= 0;
      i = units.indexOf(opener, i + 1)) {
      if (++n > max) return true;
    }
  }
  return false;
}

function textOpenersExceed(text: string, max: number): boolean {
  let n = 0;
  for (const opener of ['{', '[']) {
    for (let i = text.indexOf(opener); i >= 0;
      i = text.indexOf(opener, i + 1)) {
      if (++n > max) return true;
    }
  }
  return false;
}

/** Index of the quote closing the string opened at `open`; -1 if none. */
function textStringEnd(text: string, open: number): number {
  let i = open + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return -1;
    let slashes = 0;
    for (let k = q - 1; k > open && text.charCodeAt(k) === BACKSLASH; k--) {
      slashes++;
    }
    if ((slashes & 1) === 0) return q;
    i = q + 1;
  }
}
