/**
 * Re-indents JSON text without parsing its values, so every number,
 * string and escape stays exactly as the evidence wrote it.
 */

const OPENERS = new Set(['{', '[']);
const CLOSERS: Record<string, string> = { '}': '{', ']': '[' };

interface Layout {
  out: string[];
  stack: string[];
  indent: string;
}

/** Lays out JSON text with one member per line; null if it is not JSON. */
export function reindentJson(text: string, indent = '  '): string | null {
  const body = text.trim();
  if (!OPENERS.has(body[0] ?? '')) return null;
  const s: Layout = { out: [], stack: [], indent };
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '"') {
      const end = stringEnd(body, i);
      if (end < 0) return null;
      s.out.push(body.slice(i, end + 1));
      i = end + 1;
      continue;
    }
    if (!step(s, body, i)) return null;
    i++;
  }
  return s.stack.length === 0 ? s.out.join('') : null;
}

function step(s: Layout, body: string, i: number): boolean {
  const c = body[i];
  if (/\s/.test(c)) return true;
  if (OPENERS.has(c)) return open(s, body, i);
  if (c in CLOSERS) return close(s, c);
  if (c === ',') s.out.push(',', newline(s));
  else if (c === ':') s.out.push(': ');
  else s.out.push(c);
  return true;
}

function open(s: Layout, body: string, i: number): boolean {
  s.stack.push(body[i]);
  s.out.push(body[i]);
  const next = nextSignificant(body, i + 1);
  if (next !== undefined && next in CLOSERS) return true;
  s.out.push(newline(s));
  return true;
}

function close(s: Layout, c: string): boolean {
  const opener = s.stack.pop();
  if (opener !== CLOSERS[c]) return false;
  const last = s.out[s.out.length - 1];
  if (last !== '{' && last !== '[') s.out.push(newline(s));
  s.out.push(c);
  return true;
}

function newline(s: Layout): string {
  return `\n${s.indent.repeat(s.stack.length)}`;
}

function nextSignificant(body: string, from: number): string | undefined {
  for (let i = from; i < body.length; i++) {
    if (!/\s/.test(body[i])) return body[i];
  }
  return undefined;
}

/** Index of the quote closing the string that starts at `start`, or -1. */
function stringEnd(body: string, start: number): number {
  for (let i = start + 1; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body[i] === '"') return i;
  }
  return -1;
}
