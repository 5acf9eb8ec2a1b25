/**
 * A file written in bounded chunks, hashed and counted as it goes, so a
 * ten-million-record export never sits in memory.
 */
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

const CHUNK_CHARS = 1 << 18;

/** The size and SHA-256 of a finished file. */
export interface SinkResult {
  bytes: number;
  sha256: string;
}

/** Appends text to a file through a small buffer with backpressure. */
export class FileSink {
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private parts: string[] = [];
  private pending = 0;
  private bytes = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path);
  }

  /** Queues text; returns a promise only when the buffer was flushed. */
  write(text: string): Promise<void> | undefined {
    this.parts.push(text);
    this.pending += text.length;
    return this.pending >= CHUNK_CHARS ? this.flush() : undefined;
  }

  /** Writes the buffer out and waits if the stream is saturated. */
  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.pending = 0;
    this.hash.update(buf);
    this.bytes += buf.length;
    if (!this.stream.write(buf)) await once(this.stream, 'drain');
  }

  /** Flushes, closes the file and returns its size and hash. */
  async close(): Promise<SinkResult> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}
