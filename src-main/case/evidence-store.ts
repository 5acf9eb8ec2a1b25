/**
 * Byte-exact storage of evidence items inside the case file.
 *
 * An evidence item is kept as a sequence of fixed-size chunks of its
 * original bytes, each compressed on its own, so any record can be read
 * back by byte offset without inflating the whole file.
 */
import { deflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { TrailError } from '../../src-shared/errors.js';

/** Bytes of original evidence per stored chunk. */
export const CHUNK_SIZE = 1 << 20;

/** Appends the original bytes of one evidence item as compressed chunks. */
export class EvidenceWriter {
  private pending: Buffer[] = [];
  private pendingSize = 0;
  private seq = 0;
  private readonly insert: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly evidenceId: number,
    private readonly chunkSize = CHUNK_SIZE,
  ) {
    this.insert = db.prepare(
      `INSERT INTO evidence_chunk (evidence_id, seq, raw_size, data)
       VALUES (?, ?, ?, ?)`,
    );
  }

  /**
   * Adds bytes; full chunks are written at once. `deflated` is the
   * bytes already compressed by compressChunk, used when they are one
   * whole chunk at a chunk boundary.
   */
  write(bytes: Buffer, deflated?: Buffer): void {
    if (deflated && this.pendingSize === 0 &&
      bytes.length === this.chunkSize) {
      this.insert.run(this.evidenceId, this.seq++, bytes.length, deflated);
      return;
    }
    this.pending.push(bytes);
    this.pendingSize += bytes.length;
    while (this.pendingSize >= this.chunkSize) this.flushChunk(this.chunkSize);
  }

  /** Writes the last, possibly short, chunk. */
  finish(): void {
    if (this.pendingSize > 0) this.flushChunk(this.pendingSize);
  }

  private flushChunk(size: number): void {
    const all = Buffer.concat(this.pending, this.pendingSize);
    const raw = all.subarray(0, size);
    const rest = all.subarray(size);
    this.pending = rest.length ? [Buffer.from(rest)] : [];
    this.pendingSize = rest.length;
    const data = deflateRawSync(raw, DEFLATE);
    this.insert.run(this.evidenceId, this.seq++, raw.length, data);
  }
}

/** Fastest deflate: evidence is written once and read back rarely. */
const DEFLATE = { level: 1 };

/**
 * Compresses one chunk of evidence on libuv's thread pool, so the
 * thread that stores events does not wait for zlib (issue #8).
 */
export function compressChunk(raw: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    deflateRaw(raw, DEFLATE, (err, data) =>
      (err ? reject(err) : resolve(data)));
  });
}

interface ChunkRow {
  seq: number;
  raw_size: number;
  data: Buffer;
}

/** Reads byte ranges of stored evidence, caching the last chunks read. */
export class EvidenceReader {
  private readonly cache = new Map<string, Buffer>();
  private readonly chunkStmt: Database.Statement;
  private readonly sizeStmt: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly cacheChunks = 8,
  ) {
    this.chunkStmt = db.prepare(
      `SELECT seq, raw_size, data FROM evidence_chunk
       WHERE evidence_id = ? AND seq = ?`,
    );
    this.sizeStmt = db.prepare(
      'SELECT chunk_size FROM evidence WHERE id = ?',
    );
  }

  /** Returns exactly `length` original bytes starting at `offset`. */
  read(evidenceId: number, offset: number, length: number): Buffer {
    const size = this.chunkSizeOf(evidenceId);
    const parts: Buffer[] = [];
    let pos = offset;
    const end = offset + length;
    while (pos < end) {
      const seq = Math.floor(pos / size);
      const chunk = this.chunk(evidenceId, seq);
      const from = pos - seq * size;
      const to = Math.min(chunk.length, end - seq * size);
      if (from >= to) break;
      parts.push(chunk.subarray(from, to));
      pos += to - from;
    }
    const out = Buffer.concat(parts);
    if (out.length !== length) {
      throw new TrailError(
        'CASE_CORRUPT',
        `evidence ${evidenceId}: bytes ${offset}+${length} are not stored`,
      );
    }
    return out;
  }

  private chunkSizeOf(evidenceId: number): number {
    const r = this.sizeStmt.get(evidenceId) as
      | { chunk_size: number }
      | undefined;
    if (!r) throw new TrailError('NOT_FOUND', `no evidence item ${evidenceId}`);
    return r.chunk_size;
  }

  private chunk(evidenceId: number, seq: number): Buffer {
    const key = `${evidenceId}:${seq}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const row = this.chunkStmt.get(evidenceId, seq) as ChunkRow | undefined;
    if (!row) {
      throw new TrailError(
        'CASE_CORRUPT',
        `evidence ${evidenceId}: chunk ${seq} is missing`,
      );
    }
    const raw = inflateRawSync(row.data);
    if (this.cache.size >= this.cacheChunks) {
      this.cache.delete(this.cache.keys().next().value as string);
    }
    this.cache.set(key, raw);
    return raw;
  }
}

/** Yields the original bytes of an evidence item, chunk by chunk. */
export function* streamEvidence(
  db: Database.Database,
  evidenceId: number,
): Generator<Buffer> {
  const stmt = db.prepare(
    `SELECT seq, raw_size, data FROM evidence_chunk
     WHERE evidence_id = ? ORDER BY seq`,
  );
  let expected = 0;
  for (const row of stmt.iterate(evidenceId) as Iterable<ChunkRow>) {
    if (row.seq !== expected++) {
      throw new TrailError(
        'CASE_CORRUPT',
        `evidence ${evidenceId}: chunk ${expected - 1} is missing`,
      );
    }
    yield inflateRawSync(row.data);
  }
}

/** Re-hashes a stored evidence item from its chunks. */
export function rehashEvidence(
  db: Database.Database,
  evidenceId: number,
): { sha256: string; size: number } {
  const hash = createHash('sha256');
  let size = 0;
  for (const bytes of streamEvidence(db, evidenceId)) {
    hash.update(bytes);
    size += bytes.length;
  }
  return { sha256: hash.digest('hex'), size };
}
