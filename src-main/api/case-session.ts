/**
 * The open case behind the workbench: a read-only connection for every
 * query, and a writer opened only when an annotation is first written.
 */
import type Database from 'better-sqlite3';
import { TrailError } from '../../src-shared/errors.js';
import {
  closeCase,
  openCase,
  readCaseInfo,
  type CaseFile,
} from '../case/case-file.js';
import { EvidenceReader } from '../case/evidence-store.js';
import { dataVersion } from '../query/case-overview.js';
import { refreshSummaries } from '../query/summaries.js';
import { Analytics } from './analytics.js';

/** How a session opens its case. */
export interface SessionOptions {
  /** Keep one writable connection for everything (the desktop app). */
  writable?: boolean;
  /** Refuse every write, annotations included. */
  readOnly?: boolean;
  /** Examiner named in custody entries; default: the case examiner. */
  examiner?: string;
}

/** An open case with its connections and per-data-version caches. */
export class CaseSession {
  readonly path: string;
  readonly examiner: string;
  readonly readOnly: boolean;
  private readonly readFile: CaseFile;
  private writeFile: CaseFile | null;
  private readonly cache = new Map<string, { version: string; v: unknown }>();
  private evidenceReader: EvidenceReader | null = null;
  private analyticsQueue: Analytics | null = null;

  private constructor(path: string, file: CaseFile, o: SessionOptions) {
    this.path = path;
    this.readFile = file;
    this.writeFile = file.readonly ? null : file;
    this.readOnly = o.readOnly ?? false;
    this.examiner = o.examiner ?? readCaseInfo(file.db).examiner;
  }

  /**
   * Opens a case: read-only unless the session is writable. A writable
   * session first rebuilds summaries an older release or an interrupted
   * import left stale, so the workbench does not scan every event.
   */
  static open(path: string, o: SessionOptions = {}): CaseSession {
    const file = openCase(path, { readonly: !o.writable });
    if (!file.readonly) refreshSummaries(file.db);
    return new CaseSession(path, file, o);
  }

  /** The connection every query runs on. */
  get db(): Database.Database {
    return this.readFile.db;
  }

  /** Reads original record bytes from the stored evidence. */
  get evidence(): EvidenceReader {
    return (this.evidenceReader ??= new EvidenceReader(this.db));
  }

  /** The queue of heavy queries, run off the main thread when built. */
  get analytics(): Analytics {
    return (this.analyticsQueue ??= new Analytics(this.path, this.db));
  }

  /** The writable connection, opened on first use. */
  writer(): Database.Database {
    if (this.readOnly) {
      throw new TrailError(
        'CASE_READ_ONLY',
        'this case was opened read-only; annotations cannot be saved',
      );
    }
    this.writeFile ??= openCase(this.path);
    return this.writeFile.db;
  }

  /**
   * A value computed once per version of the events, asynchronously;
   * concurrent callers share one computation.
   */
  cachedAsync<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const version = dataVersion(this.db);
    const hit = this.cache.get(key);
    if (hit && hit.version === version) return hit.v as Promise<T>;
    const v = compute();
    this.cache.set(key, { version, v });
    v.catch(() => this.cache.delete(key));
    return v;
  }

  /** Forgets cached values and chunks, after an import changed the case. */
  refresh(): void {
    this.cache.clear();
    this.evidenceReader = null;
  }

  /** Closes every connection of the session. */
  close(): void {
    void this.analyticsQueue?.close();
    this.analyticsQueue = null;
    this.closeFiles();
  }

  /**
   * Closes the case once the analytics worker has stopped, so the writer
   * is the last connection and leaves the file as one file at rest.
   */
  async closeWhenIdle(): Promise<void> {
    await this.analyticsQueue?.close();
    this.analyticsQueue = null;
    this.closeFiles();
  }

  private closeFiles(): void {
    const writer = this.writeFile;
    this.writeFile = null;
    if (writer === this.readFile) return closeCase(writer);
    closeCase(this.readFile);
    if (writer) closeCase(writer);
  }
}
