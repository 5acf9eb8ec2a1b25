/**
 * Property tests: real samples, mutated at random (cut, bytes inserted,
 * flipped, removed or repeated), always import without an exception,
 * with counts that add up and a positioned warning per rejected record.
 *
 * The seed is fixed so CI is repeatable; FC_SEED and FC_RUNS explore more.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { closeCase } from '../../src-main/case/case-file.js';
import {
  newCase,
  removeDir,
  SHARED_EXISTS,
  tempDir,
} from '../import/import-helpers.js';
import { importBytes, purviewCsv, sample, SAMPLES } from './damage.js';

const dir = tempDir('tt-mutate-');
afterAll(() => removeDir(dir));

const SEED = Number(process.env.FC_SEED ?? 20260703);
const RUNS = Number(process.env.FC_RUNS ?? 25);

/** One change to a file's bytes, at fractions of its length. */
type Mutation =
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'remove'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number };

const at = fc.double({ min: 0, max: 1, noNaN: true });
const INTERESTING = [0x00, 0x0a, 0x0d, 0x22, 0x2c, 0x5b, 0x5d, 0x7b, 0x7d,
  0x5c, 0xc3, 0xe2, 0xff, 0xfe, 0xef];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at }),
  fc.record({
    kind: fc.constant('insert' as const),
    at,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }).chain((random) =>
      fc.constantFrom(random, Uint8Array.from(INTERESTING.slice(0, 4)),
        Uint8Array.of(INTERESTING[random[0] % INTERESTING.length]))),
  }),
  fc.record({
    kind: fc.constant('flip' as const),
    at,
    mask: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('remove' as const),
    at,
    length: fc.integer({ min: 1, max: 64 }),
  }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at,
    length: fc.integer({ min: 1, max: 400 }),
  }),
);

/** Applies mutations in order. */
function mutate(original: Buffer, changes: Mutation[]): Buffer {
  let b = original;
  for (const m of changes) {
    const i = Math.min(b.length, Math.floor(m.at * b.length));
    if (m.kind === 'cut') b = b.subarray(0, i);
    if (m.kind === 'insert') {
      b = Buffer.concat([b.subarray(0, i), m.bytes, b.subarray(i)]);
    }
    if (m.kind === 'flip' && i < b.length) {
      b = Buffer.from(b);
      b[i] ^= m.mask;
    }
    if (m.kind === 'remove') {
      b = Buffer.concat([b.subarray(0, i), b.subarray(i + m.length)]);
    }
    if (m.kind === 'repeat') {
      b = Buffer.concat([b.subarray(0, i + m.length), b.subarray(i)]);
    }
  }
  return b;
}

let n = 0;

/** The property for one sample: import never throws, counts add up. */
async function holds(original: Buffer, changes: Mutation[]): Promise<void> {
  const c = newCase(dir);
  try {
    const o = await importBytes(c, dir, `m${++n}.bin`, mutate(original,
      changes));
    if (o.summary.status === 'refused') {
      expect(o.summary.message).toMatch(/^m\d+\.bin /);
    }
  } finally {
    closeCase(c);
  }
}

function check(original: () => Buffer): () => Promise<void> {
  return async () => {
    const bytes = original();
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (changes) => holds(bytes, changes)),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  };
}

describe.skipIf(!SHARED_EXISTS)('mutated real samples', () => {
  for (const name of Object.keys(SAMPLES) as (keyof typeof SAMPLES)[]) {
    it(`${SAMPLES[name]} keeps every record accounted for`,
      check(() => sample(name)));
  }
});

describe('mutated Purview CSV', () => {
  it('keeps every row accounted for', check(() => purviewCsv(12)));
});
