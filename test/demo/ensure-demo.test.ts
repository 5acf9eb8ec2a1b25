import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_STAMP_FILE,
  currentDemoStamp,
  defaultDataDir,
  ensureDemoCase,
  readDemoStamp,
} from '../../src-main/demo/ensure-demo.js';
import { TOOL_VERSION } from '../../src-main/version.js';

let data: string;
let first: string;

const demoDir = () => join(data, 'demo');
const stampPath = () => join(demoDir(), DEMO_STAMP_FILE);

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'demo-data-'));
  first = await ensureDemoCase(data);
}, 120_000);

afterAll(() => rmSync(data, { recursive: true, force: true }));

function staleStamp(): void {
  const stamp = { ...currentDemoStamp(), toolVersion: '0.0.1' };
  writeFileSync(stampPath(), JSON.stringify(stamp));
}

describe('ensureDemoCase', () => {
  it('builds the case under data/demo and stamps it last', () => {
    expect(first).toBe(join(data, 'demo', 'demo.ttcase'));
    expect(existsSync(first)).toBe(true);
    expect(existsSync(join(demoDir(), 'manifest.json'))).toBe(true);
    expect(existsSync(join(demoDir(), 'exports', 'manifest.json')))
      .toBe(false);
    expect(readDemoStamp(data)).toEqual(currentDemoStamp());
    expect(currentDemoStamp().toolVersion).toBe(TOOL_VERSION);
    expect(existsSync(join(demoDir(), '.building'))).toBe(false);
  });

  it('returns the cached case without touching it', async () => {
    const before = statSync(first);
    expect(await ensureDemoCase(data)).toBe(first);
    const after = statSync(first);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('refuses to build while another process holds the lock', async () => {
    staleStamp();
    writeFileSync(join(demoDir(), '.building'), '999999\n');
    try {
      await expect(ensureDemoCase(data)).rejects.toMatchObject({
        code: 'CASE_IN_USE' });
    } finally {
      rmSync(join(demoDir(), '.building'));
    }
  });

  it('rebuilds when another version of the tool built it', async () => {
    staleStamp();
    const marker = join(demoDir(), 'exports', 'left-over.txt');
    writeFileSync(marker, 'from the old build');
    expect(await ensureDemoCase(data)).toBe(first);
    expect(existsSync(marker)).toBe(false);
    expect(JSON.parse(readFileSync(stampPath(), 'utf8')))
      .toEqual(currentDemoStamp());
  }, 120_000);
});

describe('defaultDataDir', () => {
  it('follows TENANT_TRAIL_DATA_DIR when set', () => {
    const saved = process.env.TENANT_TRAIL_DATA_DIR;
    process.env.TENANT_TRAIL_DATA_DIR = join(data, 'elsewhere');
    try {
      expect(defaultDataDir()).toBe(join(data, 'elsewhere'));
    } finally {
      if (saved === undefined) delete process.env.TENANT_TRAIL_DATA_DIR;
      else process.env.TENANT_TRAIL_DATA_DIR = saved;
    }
  });
});
