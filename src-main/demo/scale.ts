/**
 * Scale mode for benchmarks: the demo's mix of users, workloads and the
 * three incidents at any size, streamed to disk day by day so memory
 * stays bounded whether the run writes a million records or ten.
 */
import { DEFAULT_SEED, generateDemo, type DemoManifest } from './generate.js';

/** What a benchmark asks for. */
export interface ScaleOptions {
  /** Folder to write into (created when missing). */
  dir: string;
  /** About this many records in total, over all files. */
  events: number;
  seed?: number;
  /** The one file all UAL records go to (default JSON Lines). */
  ualFormat?: 'jsonl' | 'purview-csv';
}

/** Smallest record target scale mode accepts. */
export const MIN_SCALE_EVENTS = 20_000;

/**
 * Writes about `events` records: UAL (JSON Lines or Purview CSV), Entra
 * sign-in JSON and portal CSV, directory audits and Google Workspace
 * JSON; the manifest gives each file's exact record count.
 */
export async function generateScale(o: ScaleOptions): Promise<DemoManifest> {
  if (!Number.isSafeInteger(o.events) || o.events < MIN_SCALE_EVENTS) {
    throw new RangeError(`events must be a whole number of at least ` +
      `${MIN_SCALE_EVENTS}, got ${String(o.events)}`);
  }
  return generateDemo(o.dir, {
    seed: o.seed ?? DEFAULT_SEED,
    eventsTarget: o.events,
    ualFormat: o.ualFormat,
  });
}
