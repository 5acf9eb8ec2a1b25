/**
 * Tells an API response page (Graph `value`, Reports API `items`, Azure
 * diagnostic `records`) from a log record that merely has an array of
 * that name: a page carries paging metadata or, failing that, none of
 * the fields of a known log record.
 */

/** Top-level keys whose array holds the records of a page. */
export const PAGE_ARRAY_KEYS: readonly string[] = ['value', 'items', 'records'];

/** Fields (lower case) that only log records have, never page wrappers. */
const RECORD_KEYS = new Set([
  'creationtime', 'operation', 'recordtype', 'officeworkload', 'workload',
  'auditdata', 'auditlogrecordtype', 'userid', 'userprincipalname',
  'createddatetime', 'activitydatetime', 'activitydisplayname',
  'operationname', 'timegenerated', 'time', 'id',
]);

/** Paging fields (lower case) of the APIs whose pages are read. */
const PAGE_MARKERS = new Set([
  '@odata.context', '@odata.nextlink', '@odata.deltalink', '@odata.count',
  'nextpagetoken', 'nextlink',
]);

/** The `kind` of a Reports API activity: a record, not a page. */
const RECORD_KIND = 'admin#reports#activity';

/** True when an object's own fields make it a response page. */
export function isPageShaped(o: Record<string, unknown>): boolean {
  let recordKey = false;
  for (const k of Object.keys(o)) {
    const lower = k.toLowerCase();
    if (PAGE_MARKERS.has(lower)) return true;
    if (lower === 'kind' && o[k] !== RECORD_KIND) return true;
    if (RECORD_KEYS.has(lower)) recordKey = true;
  }
  return !recordKey;
}

/** True when a parsed object is a response page holding records. */
export function isPageObject(o: Record<string, unknown>): boolean {
  return PAGE_ARRAY_KEYS.some((k) => Array.isArray(o[k])) && isPageShaped(o);
}
