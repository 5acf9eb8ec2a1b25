/**
 * The import's reading half on a worker thread (issue #8) must find
 * exactly what it finds on the calling thread: the same steps in the
 * same order (events, rejects, warnings, positions, hashes) and the
 * same facts, for every shared case and corpus file and for damaged
 * input of our own, whatever the piece size.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  openParseChannel,
  type ParseChannel,
} from '../../src-main/import/parse-channel.js';
import type { ParseStep } from '../../src-main/import/record-parser.js';
import { sniff } from '../../src-main/import/sniff.js';
import { BUILT, ROOT } from '../case/case-helpers.js';
import { SHARED, SHARED_EXISTS } from './import-helpers.js';

const SCRIPT = new URL(`file://${ROOT}dist/src-main/import/parse-worker.js`);

interface Reading {
  steps: ParseStep[];
  facts: unknown;
}

async function readAll(
  bytes: Buffer,
  name: string,
  worker: boolean,
  piece: number,
): Promise<Reading | string> {
  let channel: ParseChannel;
  try {
    const sniffed = sniff(bytes.subarray(0, 1 << 20), name);
    channel = openParseChannel(sniffed, { size: bytes.length }, worker,
      worker ? SCRIPT : null);
  } catch (err) {
    return `refused: ${(err as Error).message}`;
  }
  try {
    const steps: ParseStep[] = [];
    for (let at = 0; at < bytes.length; at += piece) {
      steps.push(...await channel.feed(bytes.subarray(at, at + piece)));
    }
    const rest = await channel.end();
    return { steps: [...steps, ...rest.steps], facts: rest.facts };
  } finally {
    await channel.close();
  }
}

function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && !/\.(md|expected\.json)$/.test(f))
    .sort();
}

function audit(n: number): string {
  return JSON.stringify({
    CreationTime: `2025-01-02T03:04:0${n + 4}`, Id: `c${n}`,
    Operation: 'UserLoggedIn', RecordType: 15, UserId: 'a@b.c',
  }).replace(/"/g, '""');
}

// Our own damage: a UTF-16 file cut mid-character, CSV with a quote
// that never closes, JSON Lines with a broken line.
const DAMAGED: [string, Buffer][] = [
  ['cut.json', Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from('{"CreationTime":"2025-01-02T03:04:05","Id":"a1",' +
      '"Operation":"UserLoggedIn","RecordType":15,"UserId":"a@b.c"}\n',
    'utf16le'),
    Buffer.from([0x41]),
  ])],
  ['broken.csv', Buffer.from(
    'CreationDate,UserIds,Operations,AuditData\r\n' +
    `2025-01-02T03:04:05Z,a@b.c,UserLoggedIn,"${audit(1)}"\r\n` +
    '2025-01-02T03:04:06Z,a@b.c,UserLoggedIn,"{""Id"":""2\r\n' +
    `2025-01-02T03:04:07Z,a@b.c,UserLoggedIn,"${audit(3)}"\r\n`)],
  ['lines.jsonl', Buffer.from(
    '{"CreationTime":"2025-01-02T03:04:05","Id":"b1","Operation":"x",' +
    '"RecordType":1,"UserId":"a@b.c"}\n{"CreationTime": oops\n' +
    '{"CreationTime":"2025-01-02T03:04:06","Id":"b2","Operation":"y",' +
    '"RecordType":1,"UserId":"a@b.c","ClientIP":"10.0.0.1:443"}\n')],
];

describe.runIf(BUILT)('reading on a worker thread', () => {
  it('finds what the calling thread finds, step for step', async () => {
    const named = DAMAGED.map(([n, b]) => [n, b] as [string, Buffer]);
    if (SHARED_EXISTS) {
      for (const dir of ['cases', 'corpus']) {
        for (const f of filesIn(join(SHARED, dir))) {
          named.push([f, readFileSync(f)]);
        }
      }
    }
    const events: number[] = [];
    for (const [name, bytes] of named) {
      for (const piece of [4096, 1 << 20]) {
        const inline = await readAll(bytes, name, false, piece);
        const worker = await readAll(bytes, name, true, piece);
        expect(worker, name).toEqual(inline);
        if (typeof inline !== 'string' && piece === 4096) {
          events.push(inline.steps.filter((s) => s.kind === 'event').length);
        }
      }
    }
    expect(events.slice(0, 3)).toEqual([1, 2, 2]);
    if (SHARED_EXISTS) {
      expect(events.slice(3).reduce((a, b) => a + b)).toBe(289);
    }
  }, 120_000);

  it('reports the damage it reads as steps, not as failures', async () => {
    const [name, bytes] = DAMAGED[0];
    const r = await readAll(bytes, name, true, 7);
    expect(typeof r).toBe('object');
    const steps = (r as Reading).steps;
    expect(steps.map((s) => s.kind)).toEqual(['event', 'warn']);
    expect(steps[1]).toMatchObject({
      kind: 'warn', line: null, offset: bytes.length - 1,
      problem: { code: 'TRUNCATED_ENCODING' },
    });
  });

  it('refuses to read once closed', async () => {
    const sniffed = sniff(DAMAGED[2][1], 'lines.jsonl');
    const channel = openParseChannel(sniffed, { size: 10 }, true, SCRIPT);
    await channel.close();
    await expect(channel.feed(Buffer.from('{}\n'))).rejects.toThrow(
      'the import parser was closed',
    );
  });
});
