import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureCase, type FixtureCase } from '../ui/fixture-case.js';
import { send } from './http-client.js';

const CLI = 'bin/tenant-trail.js';
const BUILT = 'dist/src-main/cli/main.js';

async function cli(args: string[]) {
  try {
    const r = await promisify(execFile)(process.execPath, [CLI, ...args]);
    return { code: 0, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe.skipIf(!existsSync(BUILT))('tenant-trail serve', () => {
  let fixture: FixtureCase;
  beforeAll(async () => void (fixture = await buildFixtureCase()));
  afterAll(() => fixture?.remove());

  it('prints the URL with its token, serves it, stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', fixture.path]);
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    await expect.poll(() => out, { timeout: 30_000 }).toContain('Ctrl+C');
    const [first, second] = out.split('\n');
    expect(first).toBe(`Tenant Trail workbench for ${fixture.path}`);
    const url = /^open http:\/\/127\.0\.0\.1:(\d+)(\/\?token=[\w-]{43})$/
      .exec(second);
    expect(url).not.toBeNull();
    const port = Number(url![1]);
    expect((await send(port, { path: url![2] })).status).toBe(303);
    expect((await send(port, { path: '/?token=wrong' })).status).toBe(401);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out.trim().split('\n').at(-1)).toBe('stopped');
  });

  it('refuses a port that is not one', async () => {
    const r = await cli(['serve', fixture.path, '--port', '99999']);
    expect(r).toEqual({ code: 2, stderr: 'error: --port 99999 is not a port\n' });
  });

  it('refuses a case that does not exist', async () => {
    const r = await cli(['serve', '/nonexistent/x.ttcase']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('error: /nonexistent/x.ttcase does not exist; ' +
      'create it with `tenant-trail new`\n');
  });
});
