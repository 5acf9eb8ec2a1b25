/**
 * The deterministic demo scenario generator: writes the export files of
 * Northwind Forge's 30-day case, three incidents included, and a
 * manifest of what it wrote. Days are generated newest first and
 * streamed, so memory stays bounded at any size.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { adminDay } from './admin.js';
import {
  WINDOW_DAYS,
  WINDOW_END,
  WINDOW_START,
  dayOf,
} from './clock.js';
import { aitmIncident } from './incident-aitm.js';
import { gwsIncident } from './incident-gws.js';
import { insiderAbsence, insiderIncident } from './incident-insider.js';
import type { DemoFile, DemoManifest } from './manifest.js';
import { TRIP_DAY, describeScenario } from './notes.js';
import { actNewestFirst, planDay, type Act, type PlanContext } from './plan.js';
import { newestFirst, type OutRecord } from './records.js';
import { renderAct } from './render.js';
import { openWriters, routeFor, type UalLayout } from './routes.js';
import { buildScenario } from './scenario.js';
import { makeWorld, type World } from './world.js';
import type { ExportWriter } from './writers/writer.js';

export type { DemoFile, DemoManifest, IncidentFacts } from './manifest.js';

/** The seed used when none is given. */
export const DEFAULT_SEED = 20261031;

/** Staff of the normal-size scenario. */
export const NORMAL_USERS = 200;

/** Records one person adds over the window (for scale mode). */
export const RECORDS_PER_USER = 162;

/** Records that do not grow with the staff: incidents, shared services. */
export const FIXED_RECORDS = 2300;

/** Fewest people a scale run has. */
export const MIN_SCALE_USERS = 60;

/** Options of a run. */
export interface DemoOptions {
  seed?: number;
  /** Scale mode: about this many records in total. */
  eventsTarget?: number;
  /** Scale mode: the one file all UAL records go to (default JSON Lines). */
  ualFormat?: 'jsonl' | 'purview-csv';
  /**
   * Where the manifest (the answer key) goes; default dir/manifest.json.
   * The demo puts it beside the exports, so the folder imports cleanly.
   */
  manifestPath?: string;
}

/** Generates the demo files into dir and returns the manifest. */
export async function generateDemo(
  dir: string,
  opts: DemoOptions = {},
): Promise<DemoManifest> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const scale = opts.eventsTarget !== undefined;
  const users = scale ? staffFor(Number(opts.eventsTarget)) : NORMAL_USERS;
  const w = makeWorld(buildScenario(seed, users));
  await mkdir(dir, { recursive: true });
  const layout: UalLayout = scale ? (opts.ualFormat ?? 'jsonl') : 'split';
  const route = routeFor(layout);
  const incidents = [insiderIncident(w, route), aitmIncident(w, route),
    gwsIncident(w, route)];
  const fixed = fixedByDay(w, incidents.flatMap((i) => i.records), users);
  const writers = openWriters(dir, seed, w.company.gwsCustomerId,
    layout);
  await writeDays(w, writers, route, fixed);
  const files = await closeAll(writers);
  const manifest = describeScenario(w, layout, files,
    incidents.map((i) => i.facts));
  await writeFile(opts.manifestPath ?? join(dir, 'manifest.json'),
    `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The staff whose 30 days come closest to a record target. */
export function staffFor(events: number): number {
  const users = Math.round((events - FIXED_RECORDS) / RECORDS_PER_USER);
  return Math.max(MIN_SCALE_USERS, users);
}

/** Incident and administration records, bucketed by window day. */
function fixedByDay(
  w: World,
  incident: OutRecord[],
  users: number,
): Map<number, OutRecord[]> {
  const byDay = new Map<number, OutRecord[]>();
  const all = [...incident];
  for (let d = 0; d < WINDOW_DAYS; d++) {
    all.push(...adminDay(w, d, users / NORMAL_USERS));
  }
  for (const rec of all) {
    if (rec.t < WINDOW_START || rec.t > WINDOW_END) continue;
    const d = dayOf(rec.t);
    const list = byDay.get(d) ?? [];
    list.push(rec);
    byDay.set(d, list);
  }
  return byDay;
}

/** Plans, renders and writes the window newest day first. */
async function writeDays(
  w: World,
  writers: Map<string, ExportWriter>,
  route: (rec: OutRecord) => string,
  fixed: Map<number, OutRecord[]>,
): Promise<void> {
  const ctx: PlanContext = {
    seed: w.seed,
    absences: [insiderAbsence(w)],
    trip: { person: w.scenario.cast.fieldEngineer.index, day: TRIP_DAY },
  };
  const buckets = new Map<number, Act[]>();
  const planned = new Set<number>();
  for (let d = WINDOW_DAYS - 1; d >= 0; d--) {
    for (const local of [d + 1, d, d - 1]) {
      if (!planned.has(local)) planLocalDay(ctx, w, local, buckets);
      planned.add(local);
    }
    const acts = buckets.get(d) ?? [];
    buckets.delete(d);
    acts.sort(actNewestFirst);
    const extra = (fixed.get(d) ?? []).sort(newestFirst);
    await writeDay(w, writers, route, acts, extra);
  }
}

function planLocalDay(
  ctx: PlanContext,
  w: World,
  local: number,
  buckets: Map<number, Act[]>,
): void {
  for (const p of w.people) {
    for (const a of planDay(ctx, p, local)) {
      if (a.t < WINDOW_START || a.t > WINDOW_END) continue;
      const d = dayOf(a.t);
      const list = buckets.get(d);
      if (list) list.push(a);
      else buckets.set(d, [a]);
    }
  }
}

/** Merges a day's activities and fixed records, newest first. */
async function writeDay(
  w: World,
  writers: Map<string, ExportWriter>,
  route: (rec: OutRecord) => string,
  acts: Act[],
  extra: OutRecord[],
): Promise<void> {
  let i = 0;
  let j = 0;
  while (i < acts.length || j < extra.length) {
    const takeFixed = j < extra.length &&
      (i >= acts.length || extra[j].t >= acts[i].t);
    const recs = takeFixed ? [extra[j++]] : renderAct(w, acts[i++]);
    for (const rec of recs) {
      const writer = writers.get(route(rec));
      if (!writer) continue;
      const pending = writer.add(rec);
      if (pending) await pending;
    }
  }
}

async function closeAll(
  writers: Map<string, ExportWriter>,
): Promise<DemoFile[]> {
  const files: DemoFile[] = [];
  for (const w of writers.values()) files.push(await w.close());
  return files.sort((a, b) => (a.name < b.name ? -1 : 1));
}
