/**
 * Page bodies of the Graph and Google Reports APIs, with continuation
 * links and tokens made deterministic from the scenario seed.
 */
import { GRAPH_START, WINDOW_END, WINDOW_START, graphTime } from '../clock.js';
import type { OutRecord } from '../records.js';
import { rngFor } from '../rng.js';
import { gwsEtag } from '../gws.js';
import type { PageShape } from './paged-json.js';

const GRAPH = 'https://graph.microsoft.com';

function enc(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+');
}

/** Page bodies of GET /beta/auditLogs/signIns (both event types). */
export function signInPages(seed: number, top: number): PageShape {
  const filter = `createdDateTime ge ${graphTime(GRAPH_START)} and ` +
    `createdDateTime le ${graphTime(WINDOW_END)} and (signInEventTypes/` +
    "any(t: t eq 'interactiveUser' or t eq 'nonInteractiveUser'))";
  return graphShape(seed, 'beta', 'signIns', filter, top);
}

/** Page bodies of GET /v1.0/auditLogs/directoryAudits. */
export function auditPages(seed: number, top: number): PageShape {
  const filter = `activityDateTime ge ${graphTime(WINDOW_START)} and ` +
    `activityDateTime le ${graphTime(WINDOW_END)}`;
  return graphShape(seed, 'v1.0', 'directoryAudits', filter, top);
}

function graphShape(
  seed: number,
  version: string,
  entity: string,
  filter: string,
  top: number,
): PageShape {
  const context = `${GRAPH}/${version}/$metadata#auditLogs/${entity}`;
  const base = `${GRAPH}/${version}/auditLogs/${entity}?$filter=` +
    `${enc(filter)}&$top=${top}&$skiptoken=`;
  return {
    open(page, hasNext) {
      const head: Record<string, string> = { '@odata.context': context };
      if (hasNext) {
        const token = rngFor(seed, 'skiptoken', entity, page).hex(64);
        head['@odata.nextLink'] = base + token;
      }
      return `${JSON.stringify(head).slice(0, -1)},"value":`;
    },
    close: () => '}',
    weight: () => 1,
  };
}

/** Page bodies of Reports API activities.list for one application. */
export function gwsPages(
  seed: number,
  app: string,
  customerId: string,
): PageShape {
  return {
    open(page) {
      const etag = gwsEtag(rngFor(seed, 'gws-page-etag', app, page));
      const head = { kind: 'admin#reports#activities', etag };
      return `${JSON.stringify(head).slice(0, -1)},"items":`;
    },
    close(page, hasNext) {
      if (!hasNext) return '}';
      const r = rngFor(seed, 'gws-page-token', app, page);
      const token = `A:${r.digits(16)}:-${r.digits(18)}:${app}:${customerId}`;
      return `,"nextPageToken":${JSON.stringify(token)}}`;
    },
    weight: (rec: OutRecord) => (rec.body.events as unknown[]).length,
  };
}
