import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SCRIPT = 'scripts/lint-electron.mjs';

async function lint(input?: string) {
  const args = input ? [SCRIPT, input] : [SCRIPT];
  try {
    const r = await run(process.execPath, args, { timeout: 120_000 });
    return { code: 0, out: r.stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'tt-eng-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('Electronegativity over src-main/electron', () => {
  it('reports zero findings; the two justified ones are listed', async () => {
    const r = await lint();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /src-main\/electron: 0 findings, 0 parse errors, 42 checks/,
    );
    expect(r.out.split('\n').filter((l) => l.startsWith('justified'))
      .map((l) => l.replace(/:\d+ /, ' '))).toEqual([
      'justified: harden.ts CSP_GLOBAL_CHECK',
      'justified: main.ts OPEN_EXTERNAL_JS_CHECK',
    ]);
  });

  it('fails on a window without isolation, sandbox or limits', async () => {
    writeFileSync(join(scratch, 'bad.ts'), [
      "import { BrowserWindow } from 'electron';",
      'new BrowserWindow({ webPreferences: { nodeIntegration: true,',
      '  contextIsolation: false, sandbox: false } });',
    ].join('\n'));
    const r = await lint(scratch);
    expect(r.code).toBe(1);
    const ids = r.out.split('\n').filter((l) => l.startsWith('FINDING'))
      .map((l) => l.split(' ')[1]).sort();
    expect(ids).toEqual([
      'AUXCLICK_JS_CHECK',
      'CONTEXT_ISOLATION_JS_CHECK',
      'CSP_GLOBAL_CHECK',
      'LIMIT_NAVIGATION_GLOBAL_CHECK',
      'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      'SANDBOX_JS_CHECK',
    ]);
  });
});
