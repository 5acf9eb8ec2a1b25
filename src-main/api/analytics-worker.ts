/**
 * The analytics worker: a thread with its own read-only connection that
 * runs heavy queries so the main thread keeps answering.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TrailError } from '../../src-shared/errors.js';
import { openCase } from '../case/case-file.js';
import { runTask, type AnalyticsTask } from './analytics-tasks.js';

/** A task as the main thread posts it. */
export interface TaskMessage {
  id: number;
  task: AnalyticsTask;
}

/** A task's outcome as the worker posts it back. */
export type ReplyMessage =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; code: string; message: string };

const { casePath } = workerData as { casePath: string };
const c = openCase(casePath, { readonly: true });

parentPort?.on('message', (m: TaskMessage) => {
  parentPort?.postMessage(reply(m));
});

function reply(m: TaskMessage): ReplyMessage {
  try {
    return { id: m.id, ok: true, value: runTask(c.db, m.task) };
  } catch (err) {
    const code = err instanceof TrailError ? err.code : 'INTERNAL';
    return { id: m.id, ok: false, code, message: (err as Error).message };
  }
}
