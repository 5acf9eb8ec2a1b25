/**
 * Follows captured API response pages through a file and says when the
 * collection they come from cannot be complete: a next-page link
 * followed by an error body, an empty page, a repeated page token, or a
 * last page that still points to more.
 */
import type { PageFrame } from '../framing/json-scanner.js';
import type { Obj } from '../normalize/fields.js';
import type { Position, ReaderSink } from './reader.js';

interface PageState {
  ordinal: number;
  line: number;
  offset: number;
  next: string | null;
  token: string | null;
  records: number;
}

/** Completeness facts a reader learned from pages. */
export interface PageFacts {
  pages: number;
  contexts: string[];
  incomplete: boolean;
}

/** Tracks pages of one file and reports gaps in their sequence. */
export class PageTracker {
  private last: PageState | null = null;
  private pages = 0;
  private readonly records = new Map<number, number>();
  private readonly contexts = new Map<string, number>();
  private incomplete = false;

  constructor(private readonly sink: ReaderSink) {}

  /** Counts one record found inside a page. */
  countRecord(page: PageFrame | null): void {
    if (!page) return;
    this.records.set(page.ordinal, (this.records.get(page.ordinal) ?? 0) + 1);
  }

  /** Notes the end of a page and what its own fields say. */
  pageEnd(page: PageFrame, pos: Position): void {
    const meta = parseMeta(page);
    this.pages++;
    const context = stringField(meta, '@odata.context');
    if (context && !this.contexts.has(context)) {
      this.contexts.set(context, page.line + linesBefore(page.head, '"@odata.context"'));
    }
    this.checkLoop(stringField(meta, 'nextPageToken'), pos.line, pos);
    this.last = {
      ordinal: page.ordinal,
      line: page.line,
      offset: pos.byteOffset,
      next: stringField(meta, '@odata.nextLink'),
      token: stringField(meta, 'nextPageToken'),
      records: this.records.get(page.ordinal) ?? 0,
    };
  }

  /** Handles bodies that are not records; true when it consumed one. */
  consumesBody(value: Obj, pos: Position): boolean {
    if (isErrorBody(value)) {
      this.errorBody(value, pos);
      return true;
    }
    if (value.kind === 'admin#reports#activities') {
      this.emptyPage(value, pos);
      return true;
    }
    return false;
  }

  /** Reports a last page that still points to more data. */
  end(): void {
    const last = this.last;
    if (!last || this.incomplete || !(last.next || last.token)) return;
    this.incomplete = true;
    this.sink.warn(
      { line: last.line, byteOffset: last.offset },
      {
        severity: 'warning',
        code: 'COLLECTION_INCOMPLETE',
        message:
          `the last page in this file (page ${last.ordinal}) still has a ` +
          'link to a next page: the collection continued beyond what was ' +
          `captured, so ${this.missingEdge()}`,
      },
    );
  }

  /** Where the gap is: APIs page newest first, so at the old end. */
  private missingEdge(): string {
    const oldest = this.sink.oldestTime?.() ?? null;
    return oldest
      ? `records older than ${oldest} (the oldest one read) are missing`
      : 'records are missing at the old end of its window';
  }

  /** What the pages of this file said. */
  facts(): PageFacts {
    return {
      pages: this.pages,
      contexts: [...this.contexts.keys()],
      incomplete: this.incomplete,
    };
  }

  /** Each @odata.context with the line it was found on. */
  contextLines(): { context: string; line: number }[] {
    return [...this.contexts].map(([context, line]) => ({ context, line }));
  }

  private errorBody(value: Obj, pos: Position): void {
    const err = value.error as Obj;
    const what = [err.code, err.message].filter(Boolean).join(': ');
    const after = this.last;
    const pending = after && (after.next || after.token);
    this.incomplete ||= !!pending;
    this.sink.warn(pos, {
      severity: pending ? 'error' : 'warning',
      code: pending ? 'COLLECTION_INCOMPLETE' : 'API_ERROR_BODY',
      message: pending
        ? `page ${after.ordinal} links to a next page, but the next ` +
          `captured body is an API error (${what}); the records after ` +
          `page ${after.ordinal} were never collected: ` +
          `${this.missingEdge()}`
        : `an API error body is in the file (${what}); it is no record`,
    });
    this.last = null;
  }

  private emptyPage(value: Obj, pos: Position): void {
    const token = typeof value.nextPageToken === 'string'
      ? value.nextPageToken
      : null;
    this.pages++;
    this.sink.warn(pos, {
      severity: 'warning',
      code: 'EMPTY_PAGE',
      message:
        "a response page without 'items' (only kind/etag/nextPageToken); " +
        'it holds no records',
    });
    this.checkLoop(token, pos.line, pos);
    this.last = {
      ordinal: (this.last?.ordinal ?? 0) + 1,
      line: pos.line,
      offset: pos.byteOffset,
      next: null,
      token,
      records: 0,
    };
  }

  private checkLoop(token: string | null, line: number, pos: Position): void {
    if (!token || !this.last || this.last.token !== token) return;
    this.incomplete = true;
    this.sink.warn(
      { line, byteOffset: pos.byteOffset },
      {
        severity: 'error',
        code: 'PAGINATION_LOOP',
        message:
          `this page repeats the nextPageToken of page ` +
          `${this.last.ordinal}; the collector would loop or stop early, ` +
          'so the completeness of this collection cannot be proven',
      },
    );
  }
}

function linesBefore(text: string, needle: string): number {
  const at = text.indexOf(needle);
  return at < 0 ? 0 : text.slice(0, at).split('\n').length - 1;
}

function parseMeta(page: PageFrame): Obj {
  try {
    return JSON.parse(`${page.head}"records":null${page.tail}`) as Obj;
  } catch {
    return {};
  }
}

function stringField(o: Obj, k: string): string | null {
  return typeof o[k] === 'string' ? (o[k] as string) : null;
}

function isErrorBody(v: Obj): boolean {
  const e = v.error;
  return (
    typeof e === 'object' && e !== null && Object.keys(v).length <= 2 &&
    ('code' in e || 'message' in e)
  );
}
