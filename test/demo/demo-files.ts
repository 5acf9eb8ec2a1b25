/** Readers of the demo export files, used by the demo tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DemoManifest } from '../../src-main/demo/generate.js';

/** A parsed JSON object of a generated file. */
export type Obj = Record<string, unknown>;

/** Header and rows of a CSV file (BOM removed). */
export function readCsv(path: string): { header: string[]; rows: string[][] } {
  const all = parse(readFileSync(path), { bom: true }) as string[][];
  return { header: all[0], rows: all.slice(1) };
}

/** Every record of a file of page bodies (value[] or items[]). */
export function pageRecords(path: string, list: 'value' | 'items'): Obj[] {
  const pages = JSON.parse(readFileSync(path, 'utf8')) as Obj[];
  return pages.flatMap((p) => (p[list] as Obj[] | undefined) ?? []);
}

/** Page bodies of a paged file. */
export function pages(path: string): Obj[] {
  return JSON.parse(readFileSync(path, 'utf8')) as Obj[];
}

/** Everything a normal-size run wrote, parsed. */
export interface DemoData {
  dir: string;
  manifest: DemoManifest;
  ualCsv: Obj[];
  ualApi: Obj[];
  graph: Obj[];
  portalHeader: string[];
  portal: string[][];
  audit: Obj[];
  gws: Record<string, Obj[]>;
}

/** Parses every file of a normal-size run. */
export function loadDemo(dir: string, manifest: DemoManifest): DemoData {
  const csv = readCsv(join(dir, 'ual-purview-export.csv'));
  const portal = readCsv(join(dir, 'entra-signins-portal.csv'));
  const gws: Record<string, Obj[]> = {};
  for (const app of ['login', 'user_accounts', 'admin', 'token', 'drive',
    'gmail']) {
    gws[app] = pageRecords(join(dir, `gws-reports-${app}.json`), 'items');
  }
  return {
    dir,
    manifest,
    ualCsv: csv.rows.map((r) => JSON.parse(r[5]) as Obj),
    ualApi: JSON.parse(readFileSync(join(dir, 'ual-management-api.json'),
      'utf8')) as Obj[],
    graph: pageRecords(join(dir, 'entra-signins-graph.json'), 'value'),
    portalHeader: portal.header,
    portal: portal.rows,
    audit: pageRecords(join(dir, 'entra-audit-graph.json'), 'value'),
    gws,
  };
}

/** Value of a named parameter of a Google event. */
export function param(event: Obj, name: string): unknown {
  const list = (event.parameters as Obj[] | undefined) ?? [];
  const p = list.find((x) => x.name === name);
  if (!p) return undefined;
  return p.value ?? p.boolValue ?? p.intValue ?? p.multiValue ??
    p.messageValue ?? p.multiMessageValue;
}

/** The events of a Google activity. */
export function eventsOf(activity: Obj): Obj[] {
  return activity.events as Obj[];
}
