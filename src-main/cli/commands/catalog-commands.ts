/**
 * `tenant-trail operations`: what the catalog says of every operation in
 * a case, unknown operations first.
 */
import type { Command } from 'commander';
import { closeCase, openCase } from '../../case/case-file.js';
import { loadCatalog } from '../../catalog/catalog.js';
import { operationsReport } from '../../catalog/operations-report.js';
import { writeRows, type OutputFormat } from '../output.js';
import { action } from '../run-action.js';

/** Registers the operations command. */
export function registerCatalogCommands(program: Command): void {
  program
    .command('operations <case>')
    .description('every operation in the case with its count, category and meaning')
    .option('--format <format>', 'table, csv or jsonl', 'table')
    .action(action(listOperations));
}

function listOperations(path: string, o: { format: OutputFormat }): void {
  const c = openCase(path, { readonly: true });
  try {
    const report = operationsReport(c.db, loadCatalog());
    if (o.format === 'table') {
      const share = report.events
        ? ((100 * report.otherEvents) / report.events).toFixed(1)
        : '0.0';
      process.stdout.write(
        `catalog ${report.catalogVersion}: ${report.operations.length} ` +
          `operations, ${report.events} events; ${report.unknownEvents} ` +
          `events of operations the catalog does not know; ` +
          `${share}% of events in category "other"\n\n`,
      );
    }
    writeRows(report.operations, [
      { name: 'known', get: (r) => (r.known ? 'yes' : 'NO') },
      { name: 'source', get: (r) => r.source },
      { name: 'operation', get: (r) => r.operation, width: 44 },
      { name: 'count', get: (r) => r.count },
      { name: 'category', get: (r) => r.category },
      { name: 'meaning', get: (r) => r.meaning, width: 90 },
    ], o.format);
  } finally {
    closeCase(c);
  }
}
