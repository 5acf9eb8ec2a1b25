/**
 * Translates the grid's column filters and sort into the contract's
 * filter and sort: columns are named as the contract names them.
 */
import type {
  EventFilter,
  SortColumn,
} from '../../src-shared/contract.js';

/** One column filter as the grid reports it. */
interface ColumnFilter {
  filterType?: string;
  type?: string;
  filter?: string | number | null;
}

/** Columns whose grid filter maps to a contract filter field. */
const TEXT_FILTERS = {
  operation: 'operation',
  user: 'user',
  ip: 'ip',
  country: 'country',
  city: 'city',
  app: 'app',
  workload: 'workload',
  target: 'target',
} as const satisfies Record<string, keyof EventFilter>;

/** Turns the grid's filter model into filter fields (equality only). */
export function fromFilterModel(
  model: Record<string, ColumnFilter> | null | undefined,
): EventFilter {
  const out: EventFilter = {};
  for (const [col, f] of Object.entries(model ?? {})) {
    const value = f.filter;
    if (value === null || value === undefined || value === '') continue;
    if (col === 'asn') out.asn = Number(value);
    else if (col in TEXT_FILTERS) {
      const field = TEXT_FILTERS[col as keyof typeof TEXT_FILTERS];
      out[field] = String(value).trim();
    }
  }
  if (out.country) out.country = out.country.toUpperCase();
  return out;
}

const SORTABLE = new Set<string>([
  'time', 'source', 'operation', 'category', 'result', 'user', 'ip',
  'country', 'city', 'asn', 'app', 'target',
]);

/** Turns the grid's sort model into the contract's sort, if any. */
export function fromSortModel(
  model: { colId: string; sort: 'asc' | 'desc' }[],
): { column: SortColumn; descending: boolean } | undefined {
  const first = model.find((m) => SORTABLE.has(m.colId));
  if (!first) return undefined;
  return {
    column: first.colId as SortColumn,
    descending: first.sort === 'desc',
  };
}
