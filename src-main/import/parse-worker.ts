/**
 * The import's reading half on a worker thread (see parse-channel.ts):
 * one RecordParser per worker, fed in order, each reply in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TrailError } from '../../src-shared/errors.js';
import {
  RecordParser,
  type ParseFacts,
  type ParserSettings,
  type ParseStep,
} from './record-parser.js';
import type { Sniffed } from './sniff.js';

/** A request to the worker. */
export type ParseRequest =
  | { kind: 'feed'; chunk: Uint8Array }
  | { kind: 'end' };

/** The worker's answer to one request. */
export type ParseReply =
  | { ok: true; steps: ParseStep[]; facts?: ParseFacts }
  | { ok: false; code: string | null; message: string };

function answer(parser: RecordParser, m: ParseRequest): ParseReply {
  try {
    if (m.kind === 'end') {
      return { ok: true, steps: parser.end(), facts: parser.facts() };
    }
    const c = m.chunk;
    return {
      ok: true,
      steps: parser.feed(Buffer.from(c.buffer, c.byteOffset, c.length)),
    };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    return {
      ok: false,
      code: e instanceof TrailError ? e.code : null,
      message: e.message,
    };
  }
}

if (parentPort) {
  const port = parentPort;
  const data = workerData as { sniffed: Sniffed; settings: ParserSettings };
  const parser = new RecordParser(data.sniffed, data.settings);
  port.on('message', (m: ParseRequest) => port.postMessage(answer(parser, m)));
}
