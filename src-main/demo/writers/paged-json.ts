/**
 * API responses saved page by page: a JSON array of page bodies, each
 * holding up to pageSize records, one record per line. Only the last
 * page lacks the continuation link, as the APIs return them.
 */
import { join } from 'node:path';
import type { DemoFile } from '../manifest.js';
import type { OutRecord } from '../records.js';
import { FileSink } from './sink.js';
import { FileStats, type ExportWriter } from './writer.js';

/** How one API spells a page around its records. */
export interface PageShape {
  /** Text of the page body up to the opening bracket of its list. */
  open(page: number, hasNext: boolean): string;
  /** Text of the page body after the closing bracket of its list. */
  close(page: number, hasNext: boolean): string;
  /** Records the importer counts in one item (GWS: its events). */
  weight(rec: OutRecord): number;
}

/** Writes records into page bodies of a fixed size. */
export class PagedJsonWriter implements ExportWriter {
  private readonly sink: FileSink;
  private readonly stats = new FileStats();
  private buffer: string[] = [];

  constructor(
    dir: string,
    readonly name: string,
    private readonly format: string,
    private readonly pageSize: number,
    private readonly shape: PageShape,
  ) {
    this.sink = new FileSink(join(dir, name));
  }

  add(rec: OutRecord): Promise<void> | undefined {
    const flushed = this.buffer.length === this.pageSize
      ? this.writePage(true) : undefined;
    this.stats.see(rec.t, this.shape.weight(rec));
    this.stats.activities += 1;
    this.buffer.push(JSON.stringify(rec.body));
    return flushed;
  }

  async close(): Promise<DemoFile> {
    await this.writePage(false);
    this.sink.write('\n]\n');
    if (this.format !== 'gws-reports-json') this.stats.activities = 0;
    return this.stats.finish(this.name, this.format, this.sink, true);
  }

  private writePage(hasNext: boolean): Promise<void> | undefined {
    const page = this.stats.pages++;
    const lead = page === 0 ? '[\n' : ',\n';
    const list = this.buffer.length === 0
      ? '' : `\n${this.buffer.join(',\n')}\n`;
    this.buffer = [];
    const body = this.shape.open(page, hasNext) + '[' + list + ']' +
      this.shape.close(page, hasNext);
    return this.sink.write(lead + body);
  }
}
