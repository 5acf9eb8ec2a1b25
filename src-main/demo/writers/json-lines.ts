/**
 * UAL records as a JSON array (one Management Activity API content
 * blob) or as JSON Lines (one AuditData object per line).
 */
import { join } from 'node:path';
import type { DemoFile } from '../manifest.js';
import type { OutRecord } from '../records.js';
import { FileSink } from './sink.js';
import { FileStats, type ExportWriter } from './writer.js';

/** A content blob: a JSON array, one record per line. */
export class ContentBlobWriter implements ExportWriter {
  private readonly sink: FileSink;
  private readonly stats = new FileStats();

  constructor(dir: string, readonly name: string) {
    this.sink = new FileSink(join(dir, name));
  }

  add(rec: OutRecord): Promise<void> | undefined {
    const lead = this.stats.records === 0 ? '[\n' : ',\n';
    this.stats.see(rec.t);
    return this.sink.write(lead + JSON.stringify(rec.body));
  }

  close(): Promise<DemoFile> {
    this.sink.write(this.stats.records === 0 ? '[]\n' : '\n]\n');
    return this.stats.finish(this.name, 'ual-json', this.sink);
  }
}

/** JSON Lines, as Extractor-Suite and Management API collectors write. */
export class JsonLinesWriter implements ExportWriter {
  private readonly sink: FileSink;
  private readonly stats = new FileStats();

  constructor(dir: string, readonly name: string) {
    this.sink = new FileSink(join(dir, name));
  }

  add(rec: OutRecord): Promise<void> | undefined {
    this.stats.see(rec.t);
    return this.sink.write(`${JSON.stringify(rec.body)}\n`);
  }

  close(): Promise<DemoFile> {
    return this.stats.finish(this.name, 'ual-json', this.sink);
  }
}
