/**
 * The Purview audit search "Export" CSV: UTF-8 with BOM, CRLF, eight
 * columns, AuditData as one quoted JSON field with doubled quotes.
 */
import { join } from 'node:path';
import { purviewDate } from '../clock.js';
import type { DemoFile } from '../manifest.js';
import type { OutRecord } from '../records.js';
import { csvField, quoted } from './csv.js';
import { FileSink } from './sink.js';
import { FileStats, type ExportWriter } from './writer.js';

const HEADER = 'RecordId,CreationDate,RecordType,Operation,UserId,' +
  'AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames';

/** Writes UAL records as Purview export rows. */
export class PurviewCsvWriter implements ExportWriter {
  private readonly sink: FileSink;
  private readonly stats = new FileStats();

  constructor(dir: string, readonly name: string) {
    this.sink = new FileSink(join(dir, name));
    this.sink.write(`\uFEFF${HEADER}\r\n`);
  }

  add(rec: OutRecord): Promise<void> | undefined {
    this.stats.see(rec.t);
    const b = rec.body;
    const row = [
      String(b.Id),
      quoted(purviewDate(rec.t)),
      String(b.RecordType),
      csvField(String(b.Operation)),
      csvField(String(b.UserId)),
      quoted(JSON.stringify(b)),
      rec.unit ? rec.unit.id : '',
      rec.unit ? csvField(rec.unit.name) : '',
    ];
    return this.sink.write(`${row.join(',')}\r\n`);
  }

  close(): Promise<DemoFile> {
    return this.stats.finish(this.name, 'ual-csv', this.sink);
  }
}
