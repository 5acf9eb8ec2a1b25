/**
 * RFC 8785 (JCS) canonical text of parsed JSON, fast enough for the
 * import hot path: the same text `canonicalJson` gives for every value
 * it accepts, without its per-character surrogate scan and cycle set
 * (parsed JSON has no cycles). A lone surrogate is escaped, not refused,
 * so one odd record cannot stop an import.
 */

/** Serializes a value parsed from JSON as canonical JSON text. */
export function canonicalText(value: unknown): string {
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
      : canonicalText(v);
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
    out += `${JSON.stringify(k)}:${canonicalText(v)}`;
  }
  return `${out}}`;
}
