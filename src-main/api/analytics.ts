/**
 * Runs heavy queries off the main thread: in the analytics worker when
 * it is built, on the calling thread otherwise (tests run from source).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { isErrorCode, TrailError } from '../../src-shared/errors.js';
import { runTask, type AnalyticsTask } from './analytics-tasks.js';
import type { ReplyMessage } from './analytics-worker.js';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/** The worker script next to this module, if the build produced it. */
export function workerScript(): URL | null {
  const url = new URL('./analytics-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

/** A queue of heavy queries on one case. */
export class Analytics {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly casePath: string,
    private readonly inlineDb: Database.Database,
    private readonly script: URL | null = workerScript(),
  ) {}

  /** Runs a task and resolves with its result. */
  run<T>(task: AnalyticsTask): Promise<T> {
    if (!this.script) return Promise.resolve(runTask(this.inlineDb, task) as T);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      this.ensureWorker().postMessage({ id, task });
    });
  }

  /** Stops the worker; pending tasks fail. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
    this.failAll('the case was closed');
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script as URL, {
      workerData: { casePath: this.casePath },
    });
    w.on('message', (m: ReplyMessage) => this.settle(m));
    w.on('error', (err) => this.failAll(err.message));
    w.on('exit', () => {
      if (this.worker === w) this.worker = null;
      this.failAll('the analytics worker stopped');
    });
    w.unref();
    return (this.worker = w);
  }

  private settle(m: ReplyMessage): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(toError(m.code, m.message));
  }

  private failAll(message: string): void {
    for (const p of this.pending.values()) {
      p.reject(new Error(`analytics failed: ${message}`));
    }
    this.pending.clear();
  }
}

function toError(code: string, message: string): Error {
  return isErrorCode(code) && code !== 'INTERNAL'
    ? new TrailError(code, message)
    : new Error(message);
}
