/**
 * Seeded randomness for the demo scenario. Every random choice goes
 * through an Rng derived from the scenario seed and a fixed label, so a
 * record's content never depends on the order the generator visits it.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

const HEX = '0123456789abcdef';
const B64URL =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Mixes one 32-bit value into a running 32-bit hash (murmur3 style). */
function mix(h: number, v: number): number {
  let k = Math.imul(v | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

function mixPart(h: number, part: number | string): number {
  if (typeof part === 'number') {
    return mix(mix(h, part), Math.floor(part / 0x100000000));
  }
  for (let i = 0; i < part.length; i++) h = mix(h, part.charCodeAt(i));
  return mix(h, part.length);
}

/** A 32-bit seed derived from the scenario seed and a label path. */
export function deriveSeed(seed: number, parts: (number | string)[]): number {
  let h = mix(0x3c6ef372, seed);
  for (const p of parts) h = mixPart(h, p);
  return finish(h);
}

/** A small façade over a pure-rand generator with the helpers we need. */
export class Rng {
  private readonly gen: RandomGenerator;

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed);
    for (let i = 0; i < 4; i++) this.gen.next();
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return uniformInt(this.gen, min, max);
  }

  /** A float in [0, 1). */
  float(): number {
    return (this.gen.next() >>> 0) / 0x100000000;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T {
    return list[this.int(0, list.length - 1)];
  }

  /** One element of a list, chosen by parallel weights. */
  weighted<T>(list: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.float() * total;
    for (let i = 0; i < list.length; i++) {
      r -= weights[i];
      if (r < 0) return list[i];
    }
    return list[list.length - 1];
  }

  /** A count with the given mean: floor plus a chance of one more. */
  count(mean: number): number {
    const base = Math.floor(mean);
    return base + (this.chance(mean - base) ? 1 : 0);
  }

  /** n lowercase hexadecimal digits. */
  hex(n: number): string {
    return this.chars(HEX, n);
  }

  /** n decimal digits, the first one not zero. */
  digits(n: number): string {
    return String(this.int(1, 9)) + this.chars('0123456789', n - 1);
  }

  /** n characters of the URL-safe base64 alphabet. */
  b64(n: number): string {
    return this.chars(B64URL, n);
  }

  /** A random (version 4 shaped) GUID in lowercase. */
  guid(): string {
    const h = this.hex(32);
    const variant = HEX[8 + this.int(0, 3)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-` +
      `${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** Shuffles a copy of the list (Fisher-Yates). */
  shuffle<T>(list: readonly T[]): T[] {
    const out = list.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  private chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(0, alphabet.length - 1)];
    return s;
  }
}

/** An Rng for one labelled purpose, e.g. rngFor(seed, 'user', 12). */
export function rngFor(seed: number, ...parts: (number | string)[]): Rng {
  return new Rng(deriveSeed(seed, parts));
}
