/**
 * RFC 8785 (JCS) canonical text of parsed JSON, fast enough for the
 * import hot path: the same text `canonicalJson` gives for every value
 * it accepts. A lone surrogate is escaped, not refused, so one odd
 * record cannot stop an import.
 *
 * The fast way copies the value with every object's keys inserted in
 * sorted order and lets V8's native JSON.stringify write it: a
 * 1.4 KB audit record took 12 µs written piece by piece in JavaScript,
 * 4 µs this way (issue #8). Objects whose key order V8 would not keep
 * (array-index keys such as "0", which it always lists first) or that
 * a copy cannot hold (`__proto__`) are written the slow way.
 */

/**
 * Serializes a value parsed from JSON as canonical JSON text. JSON.parse
 * reads 1e999 as Infinity, which JSON text cannot hold: a TypeError.
 */
export function canonicalText(value: unknown): string {
  const copy = sortedCopy(value);
  return copy === NOT_COPYABLE ? slowText(value) : JSON.stringify(copy);
}

/** Marks a value the fast way cannot copy. */
const NOT_COPYABLE = Symbol('not copyable');

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'number' ? finite(value) : value;
  }
  if (Array.isArray(value)) return arrayCopy(value);
  return objectCopy(value as Record<string, unknown>);
}

function finite(n: number): number {
  if (!Number.isFinite(n)) throw new TypeError(`${n} has no JSON form`);
  return n;
}

function arrayCopy(items: unknown[]): unknown {
  const out = new Array<unknown>(items.length);
  for (let i = 0; i < items.length; i++) {
    const v = sortedCopy(items[i]);
    if (v === NOT_COPYABLE) return v;
    out[i] = v;
  }
  return out;
}

function objectCopy(o: Record<string, unknown>): unknown {
  const keys = Object.keys(o);
  if (!inOrder(keys)) keys.sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (!copyableKey(k)) return NOT_COPYABLE;
    const v = sortedCopy(o[k]);
    if (v === NOT_COPYABLE) return v;
    out[k] = v;
  }
  return out;
}

function inOrder(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) return false;
  }
  return true;
}

// An array-index key ("0" to "4294967294") is listed first by V8 in
// numeric order whatever the insertion order; `__proto__` would set
// the copy's prototype instead of a key.
function copyableKey(k: string): boolean {
  const c = k.charCodeAt(0);
  if (c >= 48 && c <= 57) return !isArrayIndex(k);
  return k !== '__proto__';
}

function isArrayIndex(k: string): boolean {
  return /^(0|[1-9][0-9]{0,9})$/.test(k) && Number(k) < 4294967295;
}

function slowText(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return primitive(value);
  }
  if (Array.isArray(value)) return arrayText(value);
  return objectText(value as Record<string, unknown>);
}

function primitive(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError(`${value} has no JSON form`);
  }
  return JSON.stringify(value) ?? 'null';
}

function arrayText(items: unknown[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    const v = items[i];
    out += v === undefined || typeof v === 'function' ? 'null'
      : slowText(v);
  }
  return `${out}]`;
}

function objectText(o: Record<string, unknown>): string {
  const keys = Object.keys(o).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = o[k];
    if (v === undefined || typeof v === 'function') continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(k)}:${slowText(v)}`;
  }
  return `${out}}`;
}
