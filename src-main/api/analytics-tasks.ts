/**
 * The heavy read-only queries of the workbench, as named tasks that run
 * the same way on the main thread or in the analytics worker.
 */
import type Database from 'better-sqlite3';
import type { EventFilter } from '../../src-shared/contract.js';
import { listSources } from '../query/case-overview.js';
import { queryHistogram } from '../query/histogram-query.js';
import { summarizeUsers } from '../query/users-query.js';

/** A heavy query and its arguments. */
export type AnalyticsTask =
  | { kind: 'users' }
  | { kind: 'sources' }
  | { kind: 'histogram'; filter: EventFilter; buckets: number };

/** Runs one task on a connection. */
export function runTask(db: Database.Database, task: AnalyticsTask): unknown {
  switch (task.kind) {
    case 'users':
      return summarizeUsers(db);
    case 'sources':
      return listSources(db);
    case 'histogram':
      return queryHistogram(db, task.filter, task.buckets);
    default:
      return assertNever(task);
  }
}

function assertNever(task: never): never {
  throw new Error(`unknown analytics task ${JSON.stringify(task)}`);
}
