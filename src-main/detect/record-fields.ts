/**
 * Reading the source fields kept in an event's details: UAL Parameters,
 * OperationProperties and ModifiedProperties, Entra targetResources,
 * Google Workspace parameters of every value type.
 */

/** A parsed details object. */
export type Details = Record<string, unknown>;

/** One changed property of an audited object, before and after. */
export interface PropertyChange {
  name: string;
  oldValue: string | null;
  newValue: string | null;
}

/** Parses an event's details JSON; an empty object when absent. */
export function parseDetails(text: string | null): Details {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Details) : {};
  } catch {
    // Details are written by the importer as JSON; a bad value is ignored.
    return {};
  }
}

/** Name/Value pairs of a UAL list field, keyed by lowercased name. */
export function nameValueMap(d: Details, field: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of listField(d[field])) {
    if (!item || typeof item !== 'object') continue;
    const o = item as Record<string, unknown>;
    const name = o.Name ?? o.name;
    if (typeof name !== 'string') continue;
    const value = o.Value ?? o.value ?? '';
    out.set(name.toLowerCase(), stringOf(value));
  }
  return out;
}

/**
 * A list field as an array: Sentinel and Log Analytics rows carry UAL
 * lists such as OperationProperties as JSON text.
 */
export function listField(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v !== 'string' || !v.trimStart().startsWith('[')) return [];
  try {
    const parsed = JSON.parse(v) as unknown;
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    // Text that only looks like a JSON list holds no name/value pairs.
    return [];
  }
}

/** UAL cmdlet parameters (`Parameters`), keyed by lowercased name. */
export function cmdletParameters(d: Details): Map<string, string> {
  return nameValueMap(d, 'Parameters');
}

/** Changed properties from UAL ModifiedProperties or Entra targets. */
export function propertyChanges(d: Details): PropertyChange[] {
  const out: PropertyChange[] = [];
  for (const m of asArray(d.ModifiedProperties)) {
    out.push(change(m.Name, m.OldValue, m.NewValue));
  }
  for (const t of asArray(d.targetResources)) {
    for (const m of asArray(t.modifiedProperties)) {
      out.push(change(m.displayName, m.oldValue, m.newValue));
    }
  }
  return out.filter((c) => c.name !== '');
}

function change(name: unknown, oldV: unknown, newV: unknown): PropertyChange {
  return {
    name: typeof name === 'string' ? name : '',
    oldValue: oldV === null || oldV === undefined ? null : unquote(oldV),
    newValue: newV === null || newV === undefined ? null : unquote(newV),
  };
}

/** Entra target resources (or UAL Target entries) as plain objects. */
export function targetResources(d: Details): Record<string, unknown>[] {
  return asArray(d.targetResources);
}

/** A value without the JSON quotes Entra wraps around strings. */
export function unquote(v: unknown): string {
  const s = stringOf(v).trim();
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    try {
      return String(JSON.parse(s));
    } catch {
      // Not JSON after all: keep the text minus the quotes.
      return s.slice(1, -1);
    }
  }
  return s;
}

/** Google Workspace event parameters as plain values by name. */
export function gwsParameters(d: Details): Map<string, unknown> {
  const raw = d.parameters;
  const out = new Map<string, unknown>();
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [k, v] of Object.entries(raw)) out.set(k, v);
    return out;
  }
  for (const p of asArray(raw)) {
    if (typeof p.name === 'string') out.set(p.name, gwsValue(p));
  }
  return out;
}

function gwsValue(p: Record<string, unknown>): unknown {
  if (p.messageValue !== undefined) return gwsMessage(p.messageValue);
  if (p.multiMessageValue !== undefined) {
    return asArray(p.multiMessageValue).map(gwsMessage);
  }
  for (const k of ['value', 'boolValue', 'intValue', 'multiValue',
    'multiIntValue']) {
    if (p[k] !== undefined) return p[k];
  }
  return null;
}

function gwsMessage(m: unknown): Record<string, unknown> {
  const inner = (m as { parameter?: unknown }).parameter;
  const out: Record<string, unknown> = {};
  for (const p of asArray(inner)) {
    if (typeof p.name === 'string') out[p.name] = gwsValue(p);
  }
  return out;
}

/** A parameter value as text ('' when absent, lists joined by ', '). */
export function paramText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(stringOf).join(', ');
  return stringOf(v);
}

/** A parameter value as a list of strings. */
export function paramList(v: unknown): string[] {
  if (v === undefined || v === null || v === '') return [];
  return Array.isArray(v) ? v.map(stringOf) : [stringOf(v)];
}

/** True for true, "true", "True" and "TRUE". */
export function isTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

function stringOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function asArray(v: unknown): Record<string, unknown>[] {
  return listField(v).filter(
    (x): x is Record<string, unknown> => !!x && typeof x === 'object',
  );
}
