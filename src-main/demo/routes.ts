/**
 * Which export file a generated record goes to, and the writers of
 * those files. UAL records are split between the Purview CSV and the
 * Management API blob in normal mode; in scale mode they all go to one
 * file, JSON Lines or a Purview CSV.
 */
import { GRAPH_START } from './clock.js';
import type { OutRecord, Wire } from './records.js';
import { ContentBlobWriter, JsonLinesWriter } from './writers/json-lines.js';
import {
  auditPages,
  gwsPages,
  signInPages,
} from './writers/page-shapes.js';
import { PagedJsonWriter } from './writers/paged-json.js';
import { PortalCsvWriter } from './writers/portal-csv.js';
import { PurviewCsvWriter } from './writers/purview-csv.js';
import type { ExportWriter } from './writers/writer.js';

/** The fixed names of the export files. */
export const FILES = {
  purview: 'ual-purview-export.csv',
  managementApi: 'ual-management-api.json',
  jsonl: 'ual-records.jsonl',
  graphSignIns: 'entra-signins-graph.json',
  portalSignIns: 'entra-signins-portal.csv',
  audit: 'entra-audit-graph.json',
} as const;

/** The Google applications with a file each. */
export const GWS_APPS = ['login', 'user_accounts', 'admin', 'token', 'drive',
  'gmail'] as const;

/** The file of a Google application. */
export function gwsFile(app: string): string {
  return `gws-reports-${app}.json`;
}

/**
 * Where UAL records go: `split` (normal mode) puts Exchange and
 * SharePoint in the Purview CSV and Entra and Teams in the Management
 * API blob; the others put every UAL record in that one file.
 */
export type UalLayout = 'split' | 'jsonl' | 'purview-csv';

/** The file of the UAL records of a stream under a layout. */
export function ualFile(layout: UalLayout, stream: 'exsp' | 'aad'): string {
  if (layout === 'jsonl') return FILES.jsonl;
  if (layout === 'purview-csv' || stream === 'exsp') return FILES.purview;
  return FILES.managementApi;
}

/** Routes a record to its file name; '' when no export holds it. */
export function routeFor(layout: UalLayout): (rec: OutRecord) => string {
  return (rec) => {
    switch (rec.stream) {
      case 'ual-exsp':
        return ualFile(layout, 'exsp');
      case 'ual-aad':
        return ualFile(layout, 'aad');
      case 'audit':
        return FILES.audit;
      case 'gws':
        return gwsFile(String((rec.body.id as Wire).applicationName));
      case 'signin':
        if (rec.t >= GRAPH_START) return FILES.graphSignIns;
        return rec.body.isInteractive === true ? FILES.portalSignIns : '';
    }
  };
}

/** Opens every writer of a run, keyed by file name. */
export function openWriters(
  dir: string,
  seed: number,
  customerId: string,
  layout: UalLayout,
): Map<string, ExportWriter> {
  const list = ualWriters(dir, layout);
  list.push(
    new PagedJsonWriter(dir, FILES.graphSignIns, 'entra-signin-json', 1000,
      signInPages(seed, 1000)),
    new PortalCsvWriter(dir, FILES.portalSignIns),
    new PagedJsonWriter(dir, FILES.audit, 'entra-audit-json', 100,
      auditPages(seed, 100)),
  );
  for (const app of GWS_APPS) {
    list.push(new PagedJsonWriter(dir, gwsFile(app), 'gws-reports-json',
      1000, gwsPages(seed, app, customerId)));
  }
  return new Map(list.map((w) => [w.name, w]));
}

function ualWriters(dir: string, layout: UalLayout): ExportWriter[] {
  if (layout === 'jsonl') return [new JsonLinesWriter(dir, FILES.jsonl)];
  const csv = new PurviewCsvWriter(dir, FILES.purview);
  if (layout === 'purview-csv') return [csv];
  return [csv, new ContentBlobWriter(dir, FILES.managementApi)];
}
