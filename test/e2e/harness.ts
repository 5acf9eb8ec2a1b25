/**
 * What every browser test needs: the fixture case, `tenant-trail serve`
 * running on it as a child process, and Debian's Chromium driven by
 * playwright-core. Tests skip when /usr/bin/chromium is absent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildFixtureCase, type FixtureCase } from '../ui/fixture-case.js';

/** The browser the tests drive: Debian's package, never a download. */
export const CHROMIUM = '/usr/bin/chromium';

/** True when the browser tests can run here. */
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** Why the browser tests are skipped, shown in the suite's name. */
export const SKIP_NOTE = HAS_CHROMIUM
  ? ''
  : ` [SKIPPED: ${CHROMIUM} is absent; apt-get install -y chromium]`;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where screenshots of the browser tests are saved. */
export const RESULTS = join(ROOT, 'test-results');

/** A served fixture case and a browser pointed at it. */
export interface Workbench {
  fixture: FixtureCase;
  url: string;
  origin: string;
  token: string;
  browser: Browser;
  /** Dialogs the pages opened: must stay empty. */
  dialogs: string[];
  /** Script errors of the pages. */
  pageErrors: string[];
  newPage(hash?: string): Promise<Page>;
  close(): Promise<void>;
}

/** Builds the fixture case, serves it and launches the browser. */
export async function startWorkbench(
  build: () => Promise<FixtureCase> = buildFixtureCase,
): Promise<Workbench> {
  assertBuilt();
  const fixture = await build();
  const serve = await startServe(fixture.path);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
  });
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const origin = new URL(serve.url).origin;
  return {
    fixture,
    url: serve.url,
    origin,
    token: new URL(serve.url).searchParams.get('token') ?? '',
    browser,
    dialogs,
    pageErrors,
    newPage: (hash) => openPage(browser, serve.url, hash, dialogs, pageErrors),
    close: async () => {
      await browser.close();
      await stopServe(serve.child);
      fixture.remove();
    },
  };
}

function assertBuilt(): void {
  const needed = ['dist/src-main/cli/main.js', 'dist/renderer/app.js'];
  for (const f of needed) {
    if (!existsSync(join(ROOT, f))) {
      throw new Error(`${f} is missing: run \`npm run build\` first`);
    }
  }
}

interface Served {
  child: ChildProcess;
  url: string;
}

function startServe(casePath: string): Promise<Served> {
  const bin = join(ROOT, 'bin/tenant-trail.js');
  const child = spawn(
    process.execPath,
    [bin, 'serve', casePath, '--examiner', 'E2E Examiner'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^open (http:\/\/\S+)$/m.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) =>
      reject(new Error(`serve exited with ${code}: ${err || out}`)),
    );
  });
}

function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

async function openPage(
  browser: Browser,
  url: string,
  hash: string | undefined,
  dialogs: string[],
  pageErrors: string[],
): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 2300, height: 1000 },
    timezoneId: 'America/New_York',
  });
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(url);
  if (hash) await page.evaluate((h) => (window.location.hash = h), hash);
  await page.waitForSelector('.app-head');
  return page;
}

/** Saves a screenshot under test-results/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, `${name}.png`) });
}

/** The texts of some columns of a grid's rendered rows, in row order. */
export function gridRows(
  page: Page,
  testId: string,
  columns: string[],
): Promise<string[][]> {
  return page.evaluate(
    ({ testId, columns }) => {
      const grid = document.querySelector(`[data-testid="${testId}"]`);
      const rows = [...(grid?.querySelectorAll('.ag-row') ?? [])]
        .filter((r) => r.querySelector('.ag-cell'))
        .sort((a, b) =>
          Number(a.getAttribute('row-index')) -
          Number(b.getAttribute('row-index')));
      return rows.map((r) =>
        columns.map((c) =>
          r.querySelector(`.ag-cell[col-id="${c}"]`)?.textContent ?? '∅'));
    },
    { testId, columns },
  );
}

/** The texts of the cells of an HTML table, row by row. */
export function tableRows(page: Page, testId: string): Promise<string[][]> {
  return page.evaluate((testId) => {
    const t = document.querySelector(`[data-testid="${testId}"]`);
    return [...(t?.querySelectorAll('tbody tr') ?? [])].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));
  }, testId);
}

/** Sets an "equals" column filter of the timeline through its menu. */
export async function columnFilter(
  page: Page,
  colId: string,
  value: string,
): Promise<void> {
  const grid = page.getByTestId('timeline-grid');
  await grid
    .locator(`.ag-header-cell[col-id="${colId}"] .ag-header-cell-filter-button`)
    .click();
  const popup = page.locator('.ag-filter');
  await popup.locator('input.ag-input-field-input').first().fill(value);
  await popup.getByRole('button', { name: 'Apply' }).click();
  await popup.waitFor({ state: 'detached' });
}

/** Clears a column filter of the timeline through its menu. */
export async function resetColumnFilter(
  page: Page,
  colId: string,
): Promise<void> {
  const grid = page.getByTestId('timeline-grid');
  await grid
    .locator(`.ag-header-cell[col-id="${colId}"] .ag-header-cell-filter-button`)
    .click();
  const popup = page.locator('.ag-filter');
  await popup.getByRole('button', { name: 'Reset' }).click();
  await page.keyboard.press('Escape');
  await popup.waitFor({ state: 'detached' });
}
