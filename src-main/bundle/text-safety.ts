/**
 * Making log content safe to show: every value from a log is hostile
 * until proven otherwise, so it is shown as inert, visible text.
 */

/**
 * Characters that change how text around them is drawn or are invisible:
 * C0/C1 controls, the soft hyphen, bidi overrides and isolates,
 * zero-width characters, line and paragraph separators, the byte order
 * mark.
 */
const INVISIBLE = new RegExp(
  '[\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f\\u00ad\\u061c' +
    '\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2069\\ufeff]',
  'g',
);

/** Replaces invisible and reordering characters with `[U+XXXX]`. */
export function visibleText(value: string): string {
  return value.replace(INVISIBLE, (c) => codePointLabel(c.codePointAt(0)!));
}

function codePointLabel(cp: number): string {
  return `[U+${cp.toString(16).toUpperCase().padStart(4, '0')}]`;
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A value as HTML text: escaped, with invisible characters shown. */
export function htmlText(value: unknown): string {
  return visibleText(plain(value)).replace(
    /[&<>"']/g,
    (c) => HTML_ENTITIES[c],
  );
}

/** A value as plain text; null and undefined become the empty string. */
export function plain(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Windows-1252 characters above Latin-1 that the PDF base fonts draw. */
const WIN_ANSI_EXTRA = new Set(
  Array.from('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ', (c) => c.codePointAt(0)!),
);

/**
 * A value as text for the PDF base fonts: invisible characters and any
 * character the fonts cannot draw are shown as `[U+XXXX]`.
 */
export function pdfText(value: unknown): string {
  let out = '';
  for (const c of visibleText(plain(value))) {
    const cp = c.codePointAt(0)!;
    const drawable =
      cp === 0x0a ||
      (cp >= 0x20 && cp <= 0x7e) ||
      (cp >= 0xa0 && cp <= 0xff) ||
      WIN_ANSI_EXTRA.has(cp);
    out += drawable ? c : codePointLabel(cp);
  }
  return out;
}

/**
 * A text cell made safe for spreadsheets: one that could start a formula
 * (= + - @ tab CR) is prefixed with an apostrophe. Numbers stay numbers.
 */
export function spreadsheetCell(value: unknown): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  const s = plain(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}
