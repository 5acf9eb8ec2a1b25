/**
 * The operation catalog: what each logged operation or event name means,
 * which category it belongs to, and why an investigator may care.
 *
 * The facts live in resources/catalog/operations.json; this module loads,
 * checks and indexes them. Lookups run once per imported record, so every
 * index is built once and the hot path allocates nothing.
 */
import { readFileSync } from 'node:fs';
import {
  CATEGORIES,
  type Category,
  type Source,
} from '../../src-shared/domain.js';
import { resourcePath } from '../util/paths.js';

/** One catalogued operation or event name as it appears in a log. */
export interface CatalogEntry {
  source: string;
  name: string;
  category: Category;
  meaning: string;
  why?: string;
  ref?: string;
}

type NameIndex = Map<string, Map<string, CatalogEntry>>;

/** Event sources whose catalog source is not derived from `gws-<app>`. */
const FIXED_SOURCES: ReadonlyArray<readonly [Source, string]> = [
  ['m365-ual', 'ual'],
  ['entra-audit', 'entra-audit'],
  ['entra-signin', 'entra-signin'],
];

const PLAIN_SOURCES = new Set([
  'ual',
  'entra-audit',
  'entra-signin',
  'entra-signin-error',
  'ual-recordtype',
]);

const GWS_SOURCE = /^gws:[a-z][a-z0-9_]*$/;
const NUMBERED_SOURCES = new Set(['entra-signin-error', 'ual-recordtype']);
const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);

/** The loaded catalog with constant-time lookups by source and name. */
export class Catalog {
  readonly version: string;
  readonly entries: readonly CatalogEntry[];
  readonly #exact: NameIndex = new Map();
  readonly #folded: NameIndex = new Map();
  readonly #catalogSources = new Map<Source, string>(FIXED_SOURCES);
  readonly #gwsPrefixes = new Map<Source, string>();

  constructor(version: string, entries: readonly CatalogEntry[]) {
    this.version = version;
    this.entries = entries;
    for (const entry of entries) this.#index(entry);
  }

  /**
   * The entry for a name in one catalog source: exact match first, then
   * case-insensitive, then (for `ual` only) with or without the trailing
   * period that Entra operations carry in the unified audit log.
   */
  lookup(catalogSource: string, name: string): CatalogEntry | undefined {
    const exact = this.#exact.get(catalogSource);
    if (exact === undefined) return undefined;
    const hit = exact.get(name) ?? this.#fold(catalogSource, name);
    if (hit !== undefined || catalogSource !== 'ual') return hit;
    return this.#togglePeriod(name);
  }

  /**
   * The entry for an event's operation, given the event source
   * (`m365-ual`, `entra-audit`, `entra-signin` or `gws-<app>`).
   */
  forEvent(source: Source, operation: string): CatalogEntry | undefined {
    const catalogSource = this.#catalogSources.get(source);
    if (catalogSource === undefined) return undefined;
    const hit = this.lookup(catalogSource, operation);
    if (hit !== undefined) return hit;
    if (source === 'm365-ual') return this.#entraFromUal(operation);
    return this.#gwsQualified(source, catalogSource, operation);
  }

  /** The category of an event's operation, or `other` when uncatalogued. */
  categoryFor(source: Source, operation: string): Category {
    return this.forEvent(source, operation)?.category ?? 'other';
  }

  /** The entry for an Entra sign-in error code (AADSTS number). */
  signInError(code: string | number): CatalogEntry | undefined {
    return this.lookup('entra-signin-error', String(code));
  }

  /** The entry for a unified audit log RecordType number. */
  recordType(n: string | number): CatalogEntry | undefined {
    return this.lookup('ual-recordtype', String(n));
  }

  #index(entry: CatalogEntry): void {
    indexInto(this.#exact, entry.source, entry.name, entry);
    indexInto(this.#folded, entry.source, entry.name.toLowerCase(), entry);
    if (!entry.source.startsWith('gws:')) return;
    const app = entry.source.slice('gws:'.length);
    this.#catalogSources.set(`gws-${app}`, entry.source);
    this.#gwsPrefixes.set(`gws-${app}`, `${app}.`);
  }

  #fold(catalogSource: string, name: string): CatalogEntry | undefined {
    return this.#folded.get(catalogSource)?.get(name.toLowerCase());
  }

  #togglePeriod(name: string): CatalogEntry | undefined {
    const other = name.endsWith('.') ? name.slice(0, -1) : `${name}.`;
    return this.#exact.get('ual')?.get(other) ?? this.#fold('ual', other);
  }

  // UAL records Entra activities with a trailing period; many are only
  // catalogued under entra-audit, without it.
  #entraFromUal(operation: string): CatalogEntry | undefined {
    const bare = operation.endsWith('.') ? operation.slice(0, -1) : operation;
    return this.lookup('entra-audit', bare);
  }

  // Some exports qualify Google event names with their application,
  // e.g. `drive.download`; the catalog holds the bare name.
  #gwsQualified(
    source: Source,
    catalogSource: string,
    operation: string,
  ): CatalogEntry | undefined {
    const prefix = this.#gwsPrefixes.get(source);
    if (prefix === undefined || !operation.startsWith(prefix)) return undefined;
    return this.lookup(catalogSource, operation.slice(prefix.length));
  }
}

function indexInto(
  index: NameIndex,
  source: string,
  key: string,
  entry: CatalogEntry,
): void {
  let names = index.get(source);
  if (names === undefined) index.set(source, (names = new Map()));
  if (!names.has(key)) names.set(key, entry);
}

/**
 * The problems in a parsed catalog file, each naming the entry at fault;
 * an empty list means the catalog is usable.
 */
export function validateCatalog(raw: unknown): string[] {
  if (!isRecord(raw)) return ['catalog is not a JSON object'];
  const problems: string[] = [];
  if (!isNonEmptyString(raw.version)) {
    problems.push('catalog has no version string');
  }
  if (!Array.isArray(raw.entries)) {
    return [...problems, 'catalog has no entries array'];
  }
  const keys = new Map<string, string>();
  raw.entries.forEach((item: unknown, i: number) => {
    problems.push(...entryProblems(item, i, keys));
  });
  return problems;
}

function entryProblems(
  item: unknown,
  i: number,
  keys: Map<string, string>,
): string[] {
  if (!isRecord(item)) return [`entries[${i}] is not an object`];
  const label = `entries[${i}] (${String(item.source)} "${String(item.name)}")`;
  const problems = fieldProblems(item).map((p) => `${label}: ${p}`);
  if (typeof item.source !== 'string' || typeof item.name !== 'string') {
    return problems;
  }
  const clash = duplicateOf(keys, item.source, item.name, i);
  return clash ? [...problems, `${label}: ${clash}`] : problems;
}

function fieldProblems(item: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const { source, name, category, meaning, why, ref } = item;
  if (!isCatalogSource(source)) problems.push('unknown source');
  if (!isNonEmptyString(name)) problems.push('name is empty');
  if (NUMBERED_SOURCES.has(String(source)) && !/^\d+$/.test(String(name))) {
    problems.push('name must be a number');
  }
  if (!CATEGORY_SET.has(String(category))) {
    problems.push(`unknown category "${String(category)}"`);
  }
  if (!isNonEmptyString(meaning)) problems.push('meaning is empty');
  if (why !== undefined && !isNonEmptyString(why)) {
    problems.push('why is empty');
  }
  if (ref !== undefined && !isNonEmptyString(ref)) {
    problems.push('ref is empty');
  }
  return problems;
}

// A name that differs from another only in case would make the
// case-insensitive lookup ambiguous, so it counts as a duplicate too.
function duplicateOf(
  keys: Map<string, string>,
  source: string,
  name: string,
  i: number,
): string | undefined {
  const key = `${source}\u0000${name.toLowerCase()}`;
  const earlier = keys.get(key);
  if (earlier === undefined) {
    keys.set(key, `entries[${i}] "${name}"`);
    return undefined;
  }
  return `duplicate of ${earlier} (names must be unique per source)`;
}

function isCatalogSource(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  return PLAIN_SOURCES.has(value) || GWS_SOURCE.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

let loaded: Catalog | undefined;

/** The shipped catalog, read and checked on first use, then cached. */
export function loadCatalog(): Catalog {
  if (loaded) return loaded;
  const path = resourcePath('catalog', 'operations.json');
  const raw = readCatalogFile(path);
  const problems = validateCatalog(raw);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    const more = problems.length > 5 ? ` (+${problems.length - 5} more)` : '';
    throw new Error(`operation catalog ${path} is invalid: ${shown}${more}`);
  }
  const file = raw as { version: string; entries: CatalogEntry[] };
  return (loaded = new Catalog(file.version, file.entries));
}

function readCatalogFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`operation catalog ${path} cannot be read: ${reason}`, {
      cause: error,
    });
  }
}
