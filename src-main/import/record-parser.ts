/**
 * The reading half of an import: file bytes to units, units to records,
 * records to event drafts and problems. It writes nothing; it returns
 * the steps it took, in file order, for the storing half to replay in
 * the same order. Free of the case file, so it can run on a worker
 * thread while the main thread stores the previous piece (issue #8).
 */
import { UnitDecoder } from './framing/units.js';
import { contentHash, textHash } from './content-hash.js';
import { normalizeRecord, type DispatchContext } from './normalize/dispatch.js';
import type { EventDraft, RecordProblem } from './normalize/fields.js';
import { CsvReader } from './readers/csv-reader.js';
import { FormatListReader } from './readers/formatlist-reader.js';
import { JsonReader } from './readers/json-reader.js';
import type {
  Position,
  Reader,
  ReaderSink,
  SourceRecord,
} from './readers/reader.js';
import type { Sniffed } from './sniff.js';
import { toStoredDraft, type StoredDraft } from './stored-draft.js';
import { DateOrderResolver, formatUtc, type DateOrder } from './time.js';

/** What the reading half needs to know about one run. */
export interface ParserSettings {
  dateOrder?: DateOrder;
  /** Zone of zone-less times, where the format has them. */
  zone?: string;
  /** Size of the file in bytes. */
  size: number;
  /** Largest JSON record or line in code units. */
  maxRecordUnits?: number;
}

/** One thing reading found, to be stored in this order. */
export type ParseStep =
  | {
      kind: 'warn';
      line: number | null;
      offset: number | null;
      problem: RecordProblem;
    }
  | {
      kind: 'reject';
      pos: Position;
      problem: RecordProblem;
      /** A time was refused while slashed dates were still ambiguous. */
      ambiguousDate: boolean;
    }
  | { kind: 'event'; draft: StoredDraft; pos: Position; contentHash: string };

/** What reading the whole file learned, once it ended. */
export interface ParseFacts {
  dateOrder: DateOrder | null;
  dateConflict: boolean;
  contextLines: { context: string; line: number }[];
}

/** Reads one file into parse steps. */
export class RecordParser implements ReaderSink {
  private readonly decoder: UnitDecoder;
  private readonly reader: Reader;
  private readonly resolver = new DateOrderResolver();
  private readonly dispatch: DispatchContext;
  private steps: ParseStep[] = [];
  private minTime = Infinity;

  constructor(
    private readonly sniffed: Sniffed,
    private readonly settings: ParserSettings,
  ) {
    this.decoder = new UnitDecoder(sniffed.layout);
    this.dispatch = {
      csvKind: sniffed.reader === 'csv' ? sniffed.csvKind
        : sniffed.reader === 'formatlist' ? 'formatlist' : null,
      time: {
        dateOrder: settings.dateOrder,
        zone: settings.zone,
        resolver: this.resolver,
      },
    };
    this.reader = this.makeReader();
  }

  /** Reads the next bytes of the file. */
  feed(chunk: Buffer): ParseStep[] {
    this.reader.feed(this.decoder.push(chunk));
    return this.take();
  }

  /** Reads what is left at the end of the file. */
  end(): ParseStep[] {
    if (this.decoder.danglingByte) {
      this.steps.push({
        kind: 'warn', line: null, offset: this.settings.size - 1,
        problem: {
          severity: 'warning',
          code: 'TRUNCATED_ENCODING',
          message: 'the file ends in the middle of a UTF-16 character',
        },
      });
    }
    this.reader.end();
    return this.take();
  }

  /** What the file said about its dates and pages. */
  facts(): ParseFacts {
    return {
      dateOrder: this.resolver.order,
      dateConflict: this.resolver.conflict,
      contextLines: this.reader instanceof JsonReader
        ? this.reader.contextLines() : [],
    };
  }

  record(rec: SourceRecord): void {
    const result = normalizeRecord(rec, this.dispatch);
    for (const w of result.warnings) {
      this.warn({ line: w.line ?? rec.line, byteOffset: rec.byteOffset }, w);
    }
    for (const p of result.rejected) this.reject(rec, p);
    for (const e of result.events) this.event(e, rec, hashOf(e, rec));
  }

  reject(pos: Position, p: RecordProblem): void {
    const ambiguousDate = p.code === 'BAD_TIME' && this.resolver.ambiguous > 0;
    this.steps.push({
      kind: 'reject', pos: positionOf(pos), problem: p, ambiguousDate,
    });
  }

  warn(
    pos: Pick<Position, 'line' | 'byteOffset'> | null,
    p: RecordProblem,
  ): void {
    this.steps.push({
      kind: 'warn', line: pos?.line ?? null, offset: pos?.byteOffset ?? null,
      problem: p,
    });
  }

  oldestTime(): string | null {
    return this.minTime === Infinity ? null : formatUtc(this.minTime);
  }

  // The source record is let go once hashed: it is the largest part of
  // a draft, and the storing half needs only its hash.
  private event(draft: EventDraft, pos: Position, hash: string): void {
    if (draft.timeMs < this.minTime) this.minTime = draft.timeMs;
    this.steps.push({
      kind: 'event', draft: toStoredDraft(draft), pos: positionOf(pos),
      contentHash: hash,
    });
  }

  private take(): ParseStep[] {
    const steps = this.steps;
    this.steps = [];
    return steps;
  }

  private makeReader(): Reader {
    const layout = this.sniffed.layout;
    switch (this.sniffed.reader) {
      case 'json':
        return new JsonReader(layout, this.sniffed.json, this, {
          maxRecord: this.settings.maxRecordUnits,
        });
      case 'csv':
        return new CsvReader(layout, this);
      case 'formatlist':
        return new FormatListReader(layout, this);
    }
  }
}

// A record read exactly from JSON text is hashed by its text; its
// canonical hash is worked out only if a copy turns up (dedupe.ts).
function hashOf(draft: EventDraft, rec: SourceRecord): string {
  if (draft.content && rec.kind === 'json' && rec.exact) {
    return textHash(rec.text);
  }
  return contentHash(draft, rec.text);
}

// A source record is a position with its parsed value and text; only
// the position travels on.
function positionOf(p: Position): Position {
  return {
    byteOffset: p.byteOffset, byteLength: p.byteLength, line: p.line,
    row: p.row,
  };
}
