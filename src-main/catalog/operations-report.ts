/**
 * Every distinct operation in a case with what the catalog says of it,
 * operations the catalog does not know listed first.
 */
import type Database from 'better-sqlite3';
import type { Category } from '../../src-shared/domain.js';
import type { Catalog } from './catalog.js';

/** One distinct operation of a case. */
export interface OperationUse {
  source: string;
  operation: string;
  count: number;
  known: boolean;
  category: Category;
  meaning: string | null;
  why: string | null;
}

/** Catalog coverage of a case: how many events the catalog explains. */
export interface CatalogCoverage {
  catalogVersion: string;
  operations: OperationUse[];
  events: number;
  unknownEvents: number;
  otherEvents: number;
}

/** Lists the operations of a case, unknown ones first, then by count. */
export function operationsReport(
  db: Database.Database,
  catalog: Catalog,
): CatalogCoverage {
  const rows = db.prepare(
    `SELECT source, operation, category, count(*) AS n FROM event
     GROUP BY source, operation, category`,
  ).all() as {
    source: string; operation: string; category: Category; n: number;
  }[];
  const operations = rows.map((r) => describe(catalog, r));
  operations.sort(
    (a, b) => Number(a.known) - Number(b.known) || b.count - a.count ||
      a.operation.localeCompare(b.operation),
  );
  const sum = (f: (o: OperationUse) => boolean) =>
    operations.filter(f).reduce((t, o) => t + o.count, 0);
  return {
    catalogVersion: catalog.version,
    operations,
    events: sum(() => true),
    unknownEvents: sum((o) => !o.known),
    otherEvents: sum((o) => o.category === 'other'),
  };
}

function describe(
  catalog: Catalog,
  r: { source: string; operation: string; category: Category; n: number },
): OperationUse {
  const entry = catalog.forEvent(r.source, r.operation);
  return {
    source: r.source,
    operation: r.operation,
    count: r.n,
    known: entry !== undefined,
    category: r.category,
    meaning: entry?.meaning ?? null,
    why: entry?.why ?? null,
  };
}
