/**
 * The evidence items of a bundle: which stored files go in, their index,
 * and their original bytes streamed back out of the case.
 */
import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import { TrailError } from '../../src-shared/errors.js';
import type { Condition } from './bundle-scope.js';

/** An evidence item as the bundle describes it. */
export interface BundleEvidence {
  id: number;
  exhibitNumber: string;
  sha256: string;
  size: number;
  originalName: string;
  originalPath: string;
  format: string;
  encoding: string;
  importedAt: string;
  examiner: string;
  importerVersion: string;
}

interface EvidenceRow {
  id: number;
  sha256: string;
  size: number;
  original_name: string;
  original_path: string;
  format: string;
  encoding: string;
  imported_at: string;
  examiner: string;
  importer_version: string;
}

/** The exhibit number of an evidence item, unique within its case. */
export function exhibitNumber(evidenceId: number): string {
  return `E${String(evidenceId).padStart(3, '0')}`;
}

/** Every completely imported evidence item, by id. */
export function loadEvidence(
  db: Database.Database,
): Map<number, BundleEvidence> {
  const rows = db
    .prepare(
      `SELECT id, sha256, size, original_name, original_path, format,
         encoding, imported_at, examiner, importer_version
       FROM evidence WHERE status = 'complete' ORDER BY id`,
    )
    .all() as EvidenceRow[];
  return new Map(rows.map((r) => [r.id, toBundleEvidence(r)]));
}

function toBundleEvidence(r: EvidenceRow): BundleEvidence {
  return {
    id: r.id,
    exhibitNumber: exhibitNumber(r.id),
    sha256: r.sha256,
    size: r.size,
    originalName: r.original_name,
    originalPath: r.original_path,
    format: r.format,
    encoding: r.encoding,
    importedAt: r.imported_at,
    examiner: r.examiner,
    importerVersion: r.importer_version,
  };
}

/**
 * The evidence items behind the scoped events: where each event was read,
 * and where its duplicates were seen. The whole case takes every item.
 */
export function evidenceInScope(
  db: Database.Database,
  all: Map<number, BundleEvidence>,
  scope: Condition | null,
): BundleEvidence[] {
  if (!scope) return [...all.values()];
  const rows = db
    .prepare(
      `SELECT evidence_id AS id FROM event WHERE ${scope.sql}
       UNION
       SELECT evidence_id FROM event_occurrence
       WHERE event_id IN (SELECT id FROM event WHERE ${scope.sql})
       ORDER BY id`,
    )
    .all(...scope.params, ...scope.params) as { id: number }[];
  return rows.flatMap((r) => all.get(r.id) ?? []);
}

/** The `evidence/index.json` entries: bundle path to original name. */
export function evidenceIndex(items: readonly BundleEvidence[]): unknown[] {
  return items.map((e) => ({
    path: evidencePath(e.sha256),
    sha256: e.sha256,
    size: e.size,
    exhibitNumber: e.exhibitNumber,
    originalName: e.originalName,
    originalPath: e.originalPath,
    format: e.format,
    encoding: e.encoding,
    importedAt: e.importedAt,
    importedBy: e.examiner,
    importerVersion: e.importerVersion,
  }));
}

/** Where an evidence file sits in a bundle: named by its SHA-256. */
export function evidencePath(sha256: string): string {
  return `evidence/${sha256}`;
}

/**
 * Yields the original bytes of an evidence item chunk by chunk, and
 * refuses at the end if they no longer hash to the recorded value.
 * Each chunk is its own query, so no statement stays open while the
 * consumer awaits and the connection remains free for writers.
 */
export async function* originalBytes(
  db: Database.Database,
  item: BundleEvidence,
  onBytes: (n: number) => void,
): AsyncGenerator<Buffer> {
  const chunkStmt = db.prepare(
    'SELECT data FROM evidence_chunk WHERE evidence_id = ? AND seq = ?',
  );
  const hash = createHash('sha256');
  let size = 0;
  for (let seq = 0; ; seq++) {
    const row = chunkStmt.get(item.id, seq) as { data: Buffer } | undefined;
    if (!row) break;
    const chunk = inflateRawSync(row.data);
    hash.update(chunk);
    size += chunk.length;
    onBytes(chunk.length);
    yield chunk;
  }
  if (hash.digest('hex') !== item.sha256 || size !== item.size) {
    throw new TrailError(
      'CASE_CORRUPT',
      `evidence item ${item.id} (${item.originalName}) no longer matches ` +
        'its recorded SHA-256 and size; the case file is damaged',
    );
  }
}
