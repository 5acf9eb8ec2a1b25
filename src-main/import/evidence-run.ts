/**
 * One pass of one evidence file through the pipeline: bytes stored,
 * and what the reading half (record-parser.ts) found in them written as
 * events and warnings, one transaction per piece so a crash leaves an
 * item marked incomplete.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Category, ImportCounts } from '../../src-shared/domain.js';
import { appendCustody } from '../case/custody.js';
import { CHUNK_SIZE, EvidenceWriter } from '../case/evidence-store.js';
import type { GeoEnricher } from '../enrich/geoip.js';
import { IMPORTER_VERSION } from '../version.js';
import { deduplicate } from './dedupe.js';
import { EventWriter } from './event-writer.js';
import type { ImportSummary } from './import-file.js';
import type { Position } from './readers/reader.js';
import type {
  ParseFacts,
  ParserSettings,
  ParseStep,
} from './record-parser.js';
import type { Sniffed } from './sniff.js';
import type { StoredDraft } from './stored-draft.js';
import { formatUtc, type DateOrder } from './time.js';
import { WarningLog } from './warning-log.js';

/** Settings of one run. */
export interface RunSettings {
  examiner: string;
  dateOrder?: DateOrder;
  sourceTimeZone?: string;
  /** The case's display time zone, the default zone of GWS CSV times. */
  displayTimeZone?: string;
  geo: GeoEnricher;
  categorize: (source: string, operation: string) => Category;
  catalogVersion: string;
  /** Largest JSON record or line in code units (default 16 MiB). */
  maxRecordUnits?: number;
}

/** What the run learned about slashed dates. */
export type DateVerdict =
  | { kind: 'ok' }
  | { kind: 'rerun'; order: DateOrder }
  | { kind: 'refuse'; message: string };

/** One import attempt of one file. */
export class EvidenceRun {
  readonly evidenceId: number;
  private readonly bytes: EvidenceWriter;
  private readonly events: EventWriter;
  private readonly warnings: WarningLog;
  private facts: ParseFacts | null = null;
  private readonly counts: ImportCounts = {
    read: 0, imported: 0, duplicates: 0, rejected: 0,
  };
  private readonly sources = new Set<string>();
  private firstAmbiguousLine: number | null = null;
  private nonInteractiveSeen = false;
  private unknownShapes = 0;
  private minTime = Infinity;
  private maxTime = -Infinity;
  private lastMendedAt = -1;

  constructor(
    private readonly db: Database.Database,
    private readonly base: ImportSummary,
    private readonly sniffed: Sniffed,
    private readonly settings: RunSettings,
  ) {
    this.evidenceId = this.createEvidence();
    this.bytes = new EvidenceWriter(db, this.evidenceId);
    this.events = new EventWriter(
      db, this.evidenceId, settings.geo, settings.categorize,
    );
    this.warnings = new WarningLog(db, this.evidenceId);
    this.reportSourceZone();
  }

  /** What the reading half of this run needs to know. */
  parserSettings(): ParserSettings {
    return {
      dateOrder: this.settings.dateOrder,
      zone: this.sourceZone()?.zone ?? this.settings.sourceTimeZone,
      size: this.base.size,
      maxRecordUnits: this.settings.maxRecordUnits,
    };
  }

  /**
   * The zone of zone-less times in Google CSV exports, which Google
   * writes in the domain's time zone: the option, else the case's
   * display time zone. Null for every other format.
   */
  private sourceZone(): { zone: string; from: string } | null {
    const s = this.sniffed;
    if (s.reader !== 'csv' || !s.csvKind.startsWith('gws-')) return null;
    const option = this.settings.sourceTimeZone;
    if (option) return { zone: option, from: 'the --source-timezone option' };
    const display = this.settings.displayTimeZone ?? 'UTC';
    return { zone: display, from: "the case's display time zone" };
  }

  private reportSourceZone(): void {
    const z = this.sourceZone();
    if (!z) return;
    this.warnings.add(null, null, {
      severity: 'info',
      code: 'SOURCE_TIMEZONE',
      message:
        `times without a zone in this Google export were read in ${z.zone}, ` +
        `taken from ${z.from}; if the domain uses another zone, import ` +
        'it again with --source-timezone',
    });
  }

  private createEvidence(): number {
    const s = this.sniffed;
    const format = s.reader === 'csv' ? `csv:${s.csvKind}` : s.reader;
    const info = this.db.prepare(
      `INSERT INTO evidence (sha256, size, original_name, original_path,
         imported_at, examiner, format, encoding, importer_version, status,
         chunk_size, options_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'importing', ?, ?)`,
    ).run(
      this.base.sha256, this.base.size, this.base.name, this.base.file,
      new Date().toISOString(), this.settings.examiner, format,
      s.layout.encoding, IMPORTER_VERSION, CHUNK_SIZE,
      JSON.stringify(this.options()),
    );
    return Number(info.lastInsertRowid);
  }

  private options(): Record<string, unknown> {
    return {
      dateOrder: this.settings.dateOrder ?? null,
      sourceTimeZone: this.settings.sourceTimeZone ?? null,
      zoneOfZonelessTimes: this.sourceZone()?.zone ?? null,
    };
  }

  /**
   * Stores the next bytes of the file and what reading them found,
   * atomically; `deflated` is the bytes compressed ahead (compressChunk).
   */
  store(chunk: Buffer, steps: ParseStep[], deflated?: Buffer): void {
    this.db.transaction(() => {
      this.bytes.write(chunk, deflated);
      this.apply(steps);
    })();
  }

  /** Stores what reading the end of the file found, and its facts. */
  end(steps: ParseStep[], facts: ParseFacts): void {
    this.db.transaction(() => {
      this.apply(steps);
      this.bytes.finish();
    })();
    this.facts = facts;
  }

  private apply(steps: ParseStep[]): void {
    for (const s of steps) {
      if (s.kind === 'event') this.storeEvent(s.draft, s.pos, s.contentHash);
      else if (s.kind === 'reject') this.reject(s);
      else this.warnings.add(s.line, s.offset, s.problem);
    }
  }

  private reject(s: ParseStep & { kind: 'reject' }): void {
    const { pos, problem: p } = s;
    this.counts.read++;
    this.counts.rejected++;
    if (p.code === 'UNKNOWN_RECORD') this.unknownShapes++;
    if (s.ambiguousDate) this.firstAmbiguousLine ??= pos.line;
    this.warnings.add(p.line ?? pos.line, pos.byteOffset, p);
  }

  private storeEvent(e: StoredDraft, pos: Position, hash: string): void {
    this.counts.read++;
    this.counts.imported++;
    if (this.events.write(e, pos, hash)) this.loneSurrogate(e, pos);
    this.sources.add(e.source);
    if (e.timeMs < this.minTime) this.minTime = e.timeMs;
    if (e.timeMs > this.maxTime) this.maxTime = e.timeMs;
    if (e.nonInteractive) this.nonInteractiveSeen = true;
  }

  /** Notes, once per record, text stored with U+FFFD for a surrogate. */
  private loneSurrogate(e: StoredDraft, pos: Position): void {
    if (this.lastMendedAt === pos.byteOffset) return;
    this.lastMendedAt = pos.byteOffset;
    this.warnings.add(e.line ?? pos.line, pos.byteOffset, {
      severity: 'warning',
      code: 'LONE_SURROGATE',
      message:
        'a value in this record holds a lone UTF-16 surrogate (half of a ' +
        'pair, e.g. \\ud83d), which the case cannot store as text; it is ' +
        'stored as U+FFFD, and the original bytes are kept as they are',
    });
  }

  /** True when records were read but none had a known log shape. */
  nothingRecognised(): boolean {
    return this.counts.read > 0 && this.counts.imported === 0 &&
      this.unknownShapes === this.counts.read;
  }

  /** Whether the file's slashed dates were settled. */
  dateVerdict(): DateVerdict {
    const r = this.readFacts();
    if (r.dateConflict && !this.settings.dateOrder) {
      return {
        kind: 'refuse',
        message:
          'dates in this file are written both day-first and month-first; ' +
          'import it with --date-order dmy or mdy',
      };
    }
    if (this.firstAmbiguousLine === null) return { kind: 'ok' };
    if (r.dateOrder) return { kind: 'rerun', order: r.dateOrder };
    return {
      kind: 'refuse',
      message:
        `the date at line ${this.firstAmbiguousLine} could be day-first or ` +
        'month-first and no value in the file settles which: import it ' +
        'again with --date-order dmy or --date-order mdy (and ' +
        '--source-timezone if the times are not UTC)',
    };
  }

  /** Completes the item: de-duplication, counts, digest, custody. */
  finish(): ImportSummary {
    return this.db.transaction(() => this.finishInTransaction())();
  }

  private finishInTransaction(): ImportSummary {
    this.coverageChecks();
    const dup = deduplicate(this.db, this.evidenceId, this.warnings);
    this.counts.duplicates = dup.duplicates;
    this.counts.imported -= dup.duplicates;
    const digest = eventsDigest(this.db, this.evidenceId);
    const format = this.formatLabel();
    const first = this.minTime === Infinity ? null : this.minTime;
    const last = this.maxTime === -Infinity ? null : this.maxTime;
    this.db.prepare(
      `UPDATE evidence SET status = 'complete', format = ?, read_count = ?,
         imported_count = ?, duplicate_count = ?, rejected_count = ?,
         first_time_ms = ?, last_time_ms = ?, events_digest = ?
       WHERE id = ?`,
    ).run(format, this.counts.read, this.counts.imported,
      this.counts.duplicates, this.counts.rejected, first, last, digest,
      this.evidenceId);
    this.db.prepare('UPDATE case_info SET catalog_version = ? WHERE id = 1')
      .run(this.settings.catalogVersion);
    const summary = this.summary(format, first, last);
    appendCustody(this.db, this.settings.examiner, 'import', custodyDetails(summary, digest, this));
    return summary;
  }

  private summary(
    format: string,
    first: number | null,
    last: number | null,
  ): ImportSummary {
    const tally = this.warnings.tally();
    return {
      ...this.base,
      status: 'imported',
      evidenceId: this.evidenceId,
      format,
      encoding: this.sniffed.layout.encoding,
      counts: { ...this.counts },
      firstTime: first === null ? null : formatUtc(first),
      lastTime: last === null ? null : formatUtc(last),
      warnings: tally.warning,
      errors: tally.error,
      message: null,
    };
  }

  private formatLabel(): string {
    const s = this.sniffed;
    if (s.reader === 'csv') return `csv:${s.csvKind}`;
    if (s.reader === 'formatlist') return 'ual-formatlist';
    const families = new Set([...this.sources].map(familyOf));
    if (families.size === 1) return `${[...families][0]}-json`;
    return families.size === 0 ? 'json' : 'mixed-json';
  }

  private coverageChecks(): void {
    if (this.sniffed.reader !== 'json' || this.nonInteractiveSeen) return;
    if (!this.sources.has('entra-signin')) return;
    const v1 = this.readFacts().contextLines
      .find((c) => /\/v1\.0\/\$metadata#auditLogs\/signIns/.test(c.context));
    if (!v1) return;
    this.warnings.add(v1.line, null, {
      severity: 'warning',
      code: 'COVERAGE_INTERACTIVE_ONLY',
      message:
        'this evidence comes from the v1.0 signIns endpoint and holds only ' +
        'interactive sign-ins: non-interactive, service principal and ' +
        'managed identity sign-ins are not in it, so their absence proves ' +
        'nothing',
    });
  }

  private readFacts(): ParseFacts {
    if (!this.facts) throw new Error('the file was not read to its end');
    return this.facts;
  }

  /**
   * The ids of this item's events as ranges (`1-40,42-90`), so that
   * `verify-case` can name a deleted or added row; null past
   * MAX_ID_RANGES (then only the digest speaks).
   */
  eventIdRanges(): string | null {
    const stmt = this.db.prepare(
      'SELECT id FROM event WHERE evidence_id = ? ORDER BY id',
    );
    stmt.pluck(true);
    const ranges: string[] = [];
    let from = -1;
    let to = -1;
    for (const id of stmt.iterate(this.evidenceId) as Iterable<number>) {
      if (id === to + 1) {
        to = id;
        continue;
      }
      if (from >= 0) ranges.push(rangeText(from, to));
      if (ranges.length > MAX_ID_RANGES) return null;
      from = to = id;
    }
    if (from >= 0) ranges.push(rangeText(from, to));
    return ranges.join(',');
  }

  /** Settings echoed into the custody log. */
  get settingsForCustody(): Record<string, unknown> {
    return {
      importerVersion: IMPORTER_VERSION,
      catalogVersion: this.settings.catalogVersion,
      geo: this.settings.geo.databases,
      ...this.options(),
    };
  }
}

/** Most id ranges an import custody entry lists. */
const MAX_ID_RANGES = 10_000;

function rangeText(from: number, to: number): string {
  return from === to ? String(from) : `${from}-${to}`;
}

function familyOf(source: string): string {
  if (source === 'm365-ual') return 'ual';
  if (source.startsWith('gws-')) return 'gws-reports';
  return source;
}

function eventsDigest(db: Database.Database, evidenceId: number): string {
  const hash = createHash('sha256');
  const stmt = db.prepare('SELECT row_hash FROM event WHERE evidence_id = ? ORDER BY id');
  for (const r of stmt.iterate(evidenceId) as Iterable<{ row_hash: Buffer }>) {
    hash.update(r.row_hash);
  }
  return hash.digest('hex');
}

function custodyDetails(
  s: ImportSummary,
  digest: string,
  run: EvidenceRun,
): Record<string, unknown> {
  return {
    evidenceId: s.evidenceId,
    file: s.name,
    path: s.file,
    sha256: s.sha256,
    size: s.size,
    format: s.format,
    encoding: s.encoding,
    counts: s.counts,
    firstTime: s.firstTime,
    lastTime: s.lastTime,
    warnings: s.warnings,
    errors: s.errors,
    eventsDigest: digest,
    eventIds: run.eventIdRanges(),
    ...run.settingsForCustody,
  };
}
