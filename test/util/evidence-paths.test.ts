/**
 * Expanding the folders an examiner names: every file in a stable
 * order, and everything left out said with its reason.
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandEvidencePaths } from '../../src-main/util/evidence-paths.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-paths-'));
  mkdirSync(join(dir, 'sub'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'b.json'), '[]');
  writeFileSync(join(dir, 'a.csv'), 'x');
  writeFileSync(join(dir, '.hidden.csv'), 'x');
  writeFileSync(join(dir, 'sub', 'c.jsonl'), '{}');
  symlinkSync('..', join(dir, 'sub', 'loop'));
  symlinkSync(join(dir, 'gone.json'), join(dir, 'sub', 'dangling.json'));
  symlinkSync('self', join(dir, 'self'));
  execFileSync('mkfifo', [join(dir, 'pipe')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('expanding evidence folders', () => {
  it('lists the files and says why each other path was left out', () => {
    const r = expandEvidencePaths([dir]);
    expect(r.files).toEqual([join(dir, 'a.csv'), join(dir, 'b.json'),
      join(dir, 'sub', 'c.jsonl')]);
    expect(r.skipped).toEqual([
      { path: join(dir, '.git'), why: 'hidden; name it to import it',
        refused: false },
      { path: join(dir, '.hidden.csv'), why: 'hidden; name it to import it',
        refused: false },
      { path: join(dir, 'pipe'), why: 'not a file (a pipe, socket or ' +
        'device)', refused: true },
      { path: join(dir, 'self'), why: 'a link that leads back to itself',
        refused: true },
      { path: join(dir, 'sub', 'dangling.json'),
        why: 'a link to something that does not exist', refused: true },
      { path: join(dir, 'sub', 'loop'),
        why: 'a link to a folder already read', refused: false },
    ]);
  });

  it('imports a hidden file that is named', () => {
    expect(expandEvidencePaths([join(dir, '.hidden.csv')]).files)
      .toEqual([join(dir, '.hidden.csv')]);
  });

  it('refuses a named path that does not exist', () => {
    expect(() => expandEvidencePaths([join(dir, 'nope')])).toThrow(
      `${join(dir, 'nope')} does not exist`);
  });
});
