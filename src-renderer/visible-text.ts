/**
 * Log content is untrusted: characters that reorder or hide text (bidi
 * controls, zero-width characters, other controls) are shown as visible
 * markers such as ⟨U+202E⟩, so what the examiner reads is what is there.
 */

/** Characters shown as markers instead of being rendered. */
export const HIDDEN_CHARS =
  /* eslint-disable-next-line no-control-regex,
     no-misleading-character-class -- lists each hidden char on purpose,
     control chars and the invisible Khmer vowel marks included */
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\ufff9-\ufffb]/g;

/** The marker shown for one hidden character. */
export function markerOf(ch: string): string {
  const hex = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase();
  return `⟨U+${hex.padStart(4, '0')}⟩`;
}

/** A value as one line of visible text, for grid cells. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : String(v);
  return s
    .replace(HIDDEN_CHARS, markerOf)
    .replace(/\r\n|\r|\n/g, ' ⏎ ')
    .replace(/\t/g, ' ');
}

/** A piece of text: plain, or a marker standing for a hidden character. */
export interface TextPiece {
  text: string;
  marker: boolean;
}

/** Splits text into plain pieces and markers, keeping line breaks. */
export function splitHidden(s: string): TextPiece[] {
  const out: TextPiece[] = [];
  let last = 0;
  for (const m of s.matchAll(HIDDEN_CHARS)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: s.slice(last, at), marker: false });
    out.push({ text: markerOf(m[0]), marker: true });
    last = at + m[0].length;
  }
  if (last < s.length) out.push({ text: s.slice(last), marker: false });
  return out;
}

/** The whole text with markers, line breaks kept. */
export function visibleText(s: string): string {
  return s.replace(HIDDEN_CHARS, markerOf);
}
