/**
 * Handlers of the timeline: pages, counts, the histogram and the detail
 * of one event.
 */
import type { EventRecord } from '../../src-shared/domain.js';
import type { Histogram, Meaning } from '../../src-shared/contract.js';
import type { Catalog, CatalogEntry } from '../catalog/catalog.js';
import { readEventDetail } from '../query/event-detail.js';
import {
  queryHistogram,
  usesTimeIndexes,
} from '../query/histogram-query.js';
import { countTimeline, queryTimeline } from '../query/timeline-query.js';
import { sessionOf } from './api-context.js';
import type { HandlerMap } from './dispatch.js';

type TimelineCalls = 'queryEvents' | 'countEvents' | 'histogram' | 'eventDetail';

/** Handlers of the timeline calls. */
export const timelineHandlers: HandlerMap<TimelineCalls> = {
  queryEvents: (ctx, req) => {
    const catalog = ctx.catalog();
    const meaning = (source: string, op: string) =>
      catalog.forEvent(source, op)?.meaning ?? null;
    return queryTimeline(sessionOf(ctx).db, req, meaning);
  },

  countEvents: (ctx, req) => ({
    count: countTimeline(sessionOf(ctx).db, req.filter),
  }),

  // A histogram over index ranges takes milliseconds; others read many
  // rows and go to the analytics worker.
  histogram: (ctx, req) => {
    const s = sessionOf(ctx);
    if (usesTimeIndexes(req.filter)) {
      return queryHistogram(s.db, req.filter, req.buckets);
    }
    return s.analytics.run<Histogram>({
      kind: 'histogram',
      filter: req.filter,
      buckets: req.buckets,
    });
  },

  eventDetail: (ctx, req) => {
    const s = sessionOf(ctx);
    const catalog = ctx.catalog();
    return readEventDetail(s.db, s.evidence, req.id, (e) => ({
      operation: toMeaning(catalog.forEvent(e.source, e.operation)),
      resultCode: toMeaning(resultCodeEntry(catalog, e)),
    }));
  },
};

/**
 * The catalog entry of an event's result code: Entra sign-in error codes
 * (AADSTS numbers) appear in sign-in logs and in the unified audit log.
 */
export function resultCodeEntry(
  catalog: Catalog,
  e: Pick<EventRecord, 'source' | 'resultCode'>,
): CatalogEntry | undefined {
  const code = e.resultCode;
  if (!code || code === '0' || !/^\d+$/.test(code)) return undefined;
  if (e.source !== 'entra-signin' && e.source !== 'm365-ual') return undefined;
  return catalog.signInError(code);
}

function toMeaning(entry: CatalogEntry | undefined): Meaning | null {
  if (!entry) return null;
  return {
    meaning: entry.meaning,
    why: entry.why ?? null,
    category: entry.category,
  };
}
