import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_RECENT,
  RecentCases,
} from '../../src-main/electron/recent-cases.js';

let dir: string;
let file: string;
let tick: number;
const clock = () => new Date(Date.UTC(2026, 11, 1, 10, 0, tick++));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-recent-'));
  file = join(dir, 'sub', 'recent-cases.json');
  tick = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('RecentCases', () => {
  it('keeps the newest first, once each, with absolute paths', () => {
    const r = new RecentCases(file, clock);
    r.add('/c/a.ttcase');
    r.add('/c/b.ttcase');
    r.add('/c/x/../a.ttcase');
    expect(r.list()).toEqual([
      { path: '/c/a.ttcase', openedAt: '2026-12-01T10:00:02.000Z' },
      { path: '/c/b.ttcase', openedAt: '2026-12-01T10:00:01.000Z' },
    ]);
    expect(r.has('/c/b.ttcase')).toBe(true);
    expect(r.has('/c/z.ttcase')).toBe(false);
  });

  it(`keeps at most ${MAX_RECENT}`, () => {
    const r = new RecentCases(file, clock);
    for (let i = 0; i < 12; i++) r.add(`/c/${i}.ttcase`);
    const list = r.list();
    expect(list).toHaveLength(10);
    expect(list[0].path).toBe('/c/11.ttcase');
    expect(list[9].path).toBe('/c/2.ttcase');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(list);
  });

  it('reads a damaged or foreign file as an empty list', () => {
    const r = new RecentCases(join(dir, 'r.json'), clock);
    writeFileSync(join(dir, 'r.json'), '{not json');
    expect(r.list()).toEqual([]);
    writeFileSync(join(dir, 'r.json'),
      '[{"path":1},{"path":"/a","openedAt":"t"}]');
    expect(r.list()).toEqual([{ path: '/a', openedAt: 't' }]);
  });
});
