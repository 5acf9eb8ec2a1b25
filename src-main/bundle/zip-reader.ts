/**
 * Reading a bundle for verification: every entry hashed as a stream,
 * and the few small files the checks parse kept in memory.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/** The largest file kept in memory for parsing (manifest, custody log). */
export const MAX_PARSED_BYTES = 256 << 20;

/** One entry as read: its digest, and its bytes if they were kept. */
export interface ReadEntry {
  name: string;
  sha256: string;
  size: number;
  bytes: Buffer | null;
  error: string | null;
}

/** All entries of a ZIP, in archive order, plus duplicate names. */
export interface ReadBundle {
  entries: Map<string, ReadEntry>;
  duplicates: string[];
}

/** Reads every entry; `keep` names the files whose bytes are needed. */
export async function readBundleZip(
  path: string,
  keep: (name: string) => boolean,
): Promise<ReadBundle> {
  const zip = await yauzl.openPromise(path, {
    lazyEntries: true,
    autoClose: false,
    strictFileNames: true,
    validateEntrySizes: true,
  });
  const out: ReadBundle = { entries: new Map(), duplicates: [] };
  try {
    for await (const entry of zip.eachEntry()) {
      if (out.entries.has(entry.fileName)) out.duplicates.push(entry.fileName);
      const read = await readEntry(zip, entry, keep(entry.fileName));
      out.entries.set(entry.fileName, read);
    }
  } finally {
    zip.close();
  }
  return out;
}

async function readEntry(
  zip: ZipFile,
  entry: Entry,
  keep: boolean,
): Promise<ReadEntry> {
  const name = entry.fileName;
  if (entry.isEncrypted()) {
    return { name, sha256: '', size: 0, bytes: null, error: 'is encrypted' };
  }
  try {
    const stream = await zip.openReadStreamPromise(entry);
    return { name, ...(await digest(stream, keep)), error: null };
  } catch (err) {
    const message = (err as Error).message;
    return { name, sha256: '', size: 0, bytes: null, error: message };
  }
}

async function digest(
  stream: Readable,
  keep: boolean,
): Promise<{ sha256: string; size: number; bytes: Buffer | null }> {
  const hash = createHash('sha256');
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.length;
    if (keep && size <= MAX_PARSED_BYTES) parts.push(bytes);
  }
  const bytes = keep && size <= MAX_PARSED_BYTES ? Buffer.concat(parts) : null;
  return { sha256: hash.digest('hex'), size, bytes };
}
