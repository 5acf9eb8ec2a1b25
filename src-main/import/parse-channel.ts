/**
 * Where the reading half of an import runs: on a worker thread for a
 * large file when the build produced the worker script, so parsing the
 * next piece overlaps storing the last one on the main thread (the
 * second core of issue #8); on the calling thread otherwise, as tests
 * that run from source do.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isErrorCode, TrailError } from '../../src-shared/errors.js';
import {
  RecordParser,
  type ParseFacts,
  type ParserSettings,
  type ParseStep,
} from './record-parser.js';
import type { ParseReply, ParseRequest } from './parse-worker.js';
import type { Sniffed } from './sniff.js';

/** The reading half of one run, fed piece by piece. */
export interface ParseChannel {
  /** Reads the next bytes; resolves with what they held. */
  feed(chunk: Buffer): Promise<ParseStep[]>;
  /** Reads what is left; resolves with it and the file's facts. */
  end(): Promise<{ steps: ParseStep[]; facts: ParseFacts }>;
  /** Releases the thread, if any. */
  close(): Promise<void>;
}

/** Files at least this large are read on a worker thread. */
export const WORKER_MIN_BYTES = 8 << 20;

// V8 sizes a worker's young generation for throughput and lets up to
// 100 MB of short-lived drafts pile up between scavenges; 16 MB kept
// peak RSS of a 200,000-record UAL import at 372 MB instead of up to
// 483 MB, and no slower.
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

/** The worker script next to this module, if the build produced it. */
export function parseWorkerScript(): URL | null {
  const url = new URL('./parse-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

/**
 * Opens the reading half for a run: a worker when `useWorker` allows
 * (by default, for files of WORKER_MIN_BYTES and more) and the script
 * exists; inline otherwise.
 */
export function openParseChannel(
  sniffed: Sniffed,
  settings: ParserSettings,
  useWorker = settings.size >= WORKER_MIN_BYTES,
  script: URL | null = parseWorkerScript(),
): ParseChannel {
  if (useWorker && script) return new WorkerChannel(script, sniffed, settings);
  return inlineChannel(new RecordParser(sniffed, settings));
}

function inlineChannel(parser: RecordParser): ParseChannel {
  return {
    feed: async (chunk) => parser.feed(chunk),
    end: async () => ({ steps: parser.end(), facts: parser.facts() }),
    close: async () => {},
  };
}

type Waiter = {
  resolve: (r: ParseReply & { ok: true }) => void;
  reject: (e: Error) => void;
};

/** The reading half on a worker thread; replies come in request order. */
class WorkerChannel implements ParseChannel {
  private readonly worker: Worker;
  private readonly waiting: Waiter[] = [];
  private failure: Error | null = null;

  constructor(script: URL, sniffed: Sniffed, settings: ParserSettings) {
    this.worker = new Worker(script, {
      workerData: { sniffed, settings },
      resourceLimits: WORKER_LIMITS,
    });
    this.worker.on('message', (r: ParseReply) => this.settle(r));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', () =>
      this.fail(new Error('the import parser thread stopped')));
  }

  async feed(chunk: Buffer): Promise<ParseStep[]> {
    return (await this.ask({ kind: 'feed', chunk })).steps;
  }

  async end(): Promise<{ steps: ParseStep[]; facts: ParseFacts }> {
    const r = await this.ask({ kind: 'end' });
    return { steps: r.steps, facts: r.facts as ParseFacts };
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the import parser was closed');
    await this.worker.terminate();
  }

  private ask(m: ParseRequest): Promise<ParseReply & { ok: true }> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(m);
    });
  }

  private settle(r: ParseReply): void {
    const w = this.waiting.shift();
    if (!w) return;
    if (r.ok) w.resolve(r);
    else w.reject(toError(r.code, r.message));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiting.splice(0)) w.reject(err);
  }
}

function toError(code: string | null, message: string): Error {
  return code && isErrorCode(code)
    ? new TrailError(code, message)
    : new Error(message);
}
