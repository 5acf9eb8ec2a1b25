/** The common shape of the export writers. */
import { isoMs } from '../clock.js';
import type { DemoFile } from '../manifest.js';
import type { OutRecord } from '../records.js';
import type { FileSink } from './sink.js';

/** Writes records of one export file, in the order given. */
export interface ExportWriter {
  readonly name: string;
  add(rec: OutRecord): Promise<void> | undefined;
  close(): Promise<DemoFile>;
}

/** Tracks the record count and the time span of a file. */
export class FileStats {
  records = 0;
  activities = 0;
  pages = 0;
  private newest = -Infinity;
  private oldest = Infinity;

  /** Counts one record at instant t. */
  see(t: number, records = 1): void {
    this.records += records;
    if (t > this.newest) this.newest = t;
    if (t < this.oldest) this.oldest = t;
  }

  /** The manifest entry of the finished file. */
  async finish(
    name: string,
    format: string,
    sink: FileSink,
    paged = false,
  ): Promise<DemoFile> {
    const { bytes, sha256 } = await sink.close();
    const file: DemoFile = { name, format, records: this.records, bytes,
      sha256, firstTime: null, lastTime: null };
    if (this.activities > 0) file.activities = this.activities;
    if (paged) file.pages = this.pages;
    if (this.records > 0) {
      file.firstTime = isoMs(this.oldest);
      file.lastTime = isoMs(this.newest);
    }
    return file;
  }
}
