/**
 * A deterministic ZIP writer: entries in the order added, every entry
 * with the same timestamp and mode, and nothing taken from the clock or
 * the file system, so equal content gives equal bytes.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { ManifestFile } from './manifest.js';

/**
 * The time every entry carries: the first instant a ZIP (DOS) time can
 * express. DOS times have no zone and yazl writes local time, so local
 * midnight of 1980-01-01 gives the same bytes on every machine; the
 * export time lives in the manifest instead.
 */
const ZIP_EPOCH = new Date(1980, 0, 1, 0, 0, 0);

/** Content of an entry: bytes, or pieces produced one at a time. */
export type EntryContent = Buffer | AsyncIterable<Buffer | string>;

/** The SHA-256 and size of a finished ZIP file. */
export interface ZipDigest {
  sha256: string;
  size: number;
}

/** Writes one ZIP file, hashing every entry and the archive itself. */
export class BundleZipWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly hash = createHash('sha256');
  private size = 0;
  private readonly written: Promise<void>;
  private readonly options: {
    mtime: Date;
    mode: number;
    forceDosTimestamp: true;
  };

  /** Entries written so far, in order. */
  readonly files: ManifestFile[] = [];

  constructor(path: string) {
    this.options = {
      mtime: ZIP_EPOCH,
      mode: 0o100644,
      forceDosTimestamp: true,
    };
    const tap = new Transform({
      transform: (chunk: Buffer, _enc, done) => {
        this.hash.update(chunk);
        this.size += chunk.length;
        done(null, chunk);
      },
    });
    this.written = pipeline(
      this.zip.outputStream, tap, createWriteStream(path),
    );
    this.written.catch(() => undefined);
  }

  /** Adds an entry and resolves, once it is written, to its digest. */
  async add(name: string, content: EntryContent): Promise<ManifestFile> {
    const file = Buffer.isBuffer(content)
      ? this.addBuffer(name, content)
      : await this.addStream(name, content);
    this.files.push(file);
    return file;
  }

  private addBuffer(name: string, bytes: Buffer): ManifestFile {
    this.zip.addBuffer(bytes, name, this.options);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { path: name, sha256, size: bytes.length };
  }

  private async addStream(
    name: string,
    pieces: AsyncIterable<Buffer | string>,
  ): Promise<ManifestFile> {
    const digest = { sha256: '', size: 0 };
    const source = Readable.from(hashed(pieces, digest), { objectMode: false });
    this.zip.addReadStream(source, name, this.options);
    await Promise.race([finished(source), this.written]);
    return { path: name, ...digest };
  }

  /** Ends the archive and resolves to its SHA-256 and size. */
  async finish(): Promise<ZipDigest> {
    this.zip.end();
    await this.written;
    return { sha256: this.hash.digest('hex'), size: this.size };
  }

  /** Stops writing after a failure; the partial file is the caller's. */
  async abort(err: Error): Promise<void> {
    this.zip.outputStream.destroy(err);
    await this.written.catch(() => undefined);
  }
}

async function* hashed(
  pieces: AsyncIterable<Buffer | string>,
  digest: { sha256: string; size: number },
): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  for await (const piece of pieces) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    if (bytes.length === 0) continue;
    hash.update(bytes);
    digest.size += bytes.length;
    yield bytes;
  }
  digest.sha256 = hash.digest('hex');
}
