/**
 * The workbench end to end: `tenant-trail serve` on the fixture case,
 * Debian's Chromium driving the real renderer (issue #4).
 */
import { request } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src-main/catalog/catalog.js';
import {
  HAS_CHROMIUM,
  SKIP_NOTE,
  columnFilter,
  gridRows,
  resetColumnFilter,
  screenshot,
  startWorkbench,
  tableRows,
  type Workbench,
} from './harness.js';
import {
  TIMELINE,
  fixtureLine,
  fixtureSha256,
  lineOffset,
  rowMs,
  rowsWhere,
  type Row,
} from './expected.js';

const COLS = ['time', 'operation', 'user', 'country'];

let wb: Workbench;

/** Polls until the value matches; the page loads rows asynchronously. */
function poll<T>(fn: () => Promise<T> | T) {
  return expect.poll(fn, { timeout: 15_000, interval: 100 });
}

async function timeline(page: Page, rows: Row[]): Promise<void> {
  await poll(() => page.getByTestId('event-count').textContent())
    .toBe(`${rows.length} events`);
  await poll(() => gridRows(page, 'timeline-grid', COLS)).toEqual(rows);
}

async function openRow(page: Page, operation: string): Promise<void> {
  await page
    .getByTestId('timeline-grid')
    .locator('.ag-cell[col-id="operation"]', { hasText: operation })
    .first()
    .click();
  await poll(() => page.getByTestId('detail-operation').textContent())
    .toBe(operation);
}

function rawStatus(path: string, headers: Record<string, string>) {
  const url = new URL(path, wb.origin);
  return new Promise<number>((resolve, reject) => {
    const req = request(url, { method: 'GET', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!HAS_CHROMIUM)(`workbench in Chromium${SKIP_NOTE}`, () => {
  beforeAll(async () => {
    wb = await startWorkbench();
  });

  afterAll(async () => {
    await wb?.close();
  });

  it('refuses requests without the token, with a wrong one, or a foreign Host', async () => {
    const host = new URL(wb.origin).host;
    expect(await rawStatus('/', { host })).toBe(401);
    expect(await rawStatus('/app.js', { host })).toBe(401);
    expect(await rawStatus('/?token=wrong', { host })).toBe(401);
    const api = await fetch(`${wb.origin}/api/caseInfo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(api.status).toBe(401);
    expect(await rawStatus('/', { host, 'x-tenant-trail-token': wb.token }))
      .toBe(200);
    expect(await rawStatus('/', {
      host: 'evil.test', 'x-tenant-trail-token': wb.token,
    })).toBe(421);
  });

  it('shows every event in UTC, labelled, whatever the browser zone', async () => {
    const page = await wb.newPage();
    await timeline(page, TIMELINE);
    const header = page.locator('.ag-header-cell[col-id="time"] .ag-header-cell-text');
    expect(await header.textContent()).toBe('Time (UTC)');
    expect(await page.evaluate(() =>
      Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
    await screenshot(page, 'timeline');

    await page.getByTestId('zone-case').click();
    await poll(() => header.textContent()).toBe('Time (Europe/Berlin)');
    await poll(async () => (await gridRows(page, 'timeline-grid', ['time']))[0])
      .toEqual(['2025-03-10 09:00:00.000']);
    await page.getByTestId('zone-utc').click();
    await poll(() => header.textContent()).toBe('Time (UTC)');
    await page.close();
  });

  it('explains each operation in a tooltip on its cell', async () => {
    const page = await wb.newPage();
    await timeline(page, TIMELINE);
    const catalog = loadCatalog();
    const titles = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="timeline-grid"] .ag-row')]
        .sort((a, b) => Number(a.getAttribute('row-index')) -
          Number(b.getAttribute('row-index')))
        .map((r) => r.querySelector('.ag-cell[col-id="operation"]')
          ?.getAttribute('title')));
    expect(titles[3]).toBe(catalog.forEvent('m365-ual', 'New-InboxRule')?.meaning);
    expect(titles[0]).toBe(catalog.forEvent('entra-signin', 'SignIn')?.meaning);
    expect(titles[11]).toBe(catalog.forEvent('m365-ual', 'FileUploaded')?.meaning);
    expect(titles.every((t) => typeof t === 'string' && t.length > 10)).toBe(true);
    await page.close();
  });

  it('filters by user, IP, country and operation through the column menus', async () => {
    const page = await wb.newPage();
    await timeline(page, TIMELINE);

    await columnFilter(page, 'user', 'bob@contoso.com');
    await timeline(page, rowsWhere((r) => r[2] === 'bob@contoso.com'));
    await screenshot(page, 'timeline-filter-user');
    await resetColumnFilter(page, 'user');
    await timeline(page, TIMELINE);

    await columnFilter(page, 'ip', '77.77.77.77');
    await timeline(page, TIMELINE.slice(1, 6));
    await resetColumnFilter(page, 'ip');

    await columnFilter(page, 'country', 'us');
    await timeline(page, rowsWhere((r) => r[3] === 'US'));
    await columnFilter(page, 'operation', 'SignIn');
    await timeline(page, [TIMELINE[8]]);
    await page.close();
  });

  it('filters by category and result in the toolbar', async () => {
    const page = await wb.newPage();
    await timeline(page, TIMELINE);
    await page.getByLabel('Category').selectOption('file');
    await timeline(page, rowsWhere((r) => r[1].startsWith('File')));
    await page.getByLabel('Category').selectOption('');
    await page.getByLabel('Result').selectOption('failure');
    await timeline(page, [TIMELINE[1]]);
    await page.close();
  });

  it('searches the full-text index, original record text included', async () => {
    const page = await wb.newPage();
    await timeline(page, TIMELINE);
    const box = page.getByLabel('search events');
    await box.fill('invoice');
    await box.press('Enter');
    // "invoice" is only in the rule's words and the mail subject.
    await timeline(page, [TIMELINE[3], TIMELINE[7]]);
    expect(await page.getByTestId('timeline-status').textContent())
      .toContain('search: full-text index');
    await box.fill('salaries');
    await box.press('Enter');
    await timeline(page, [TIMELINE[10]]);
    await page.close();
  });

  it('draws the histogram and zooms the timeline to a dragged range', async () => {
    const page = await wb.newPage();
    await timeline(page, TIMELINE);
    const chart = page.getByTestId('histogram');
    expect(await chart.getAttribute('data-total')).toBe('13');
    expect(await chart.getAttribute('data-bucket-ms')).toBe('1800000');
    expect(await chart.getAttribute('data-from-ms'))
      .toBe(String(Date.UTC(2025, 2, 10, 8)));
    expect(await page.locator('.histogram-label').textContent())
      .toBe('Events per 30 min (UTC)');

    const over = chart.locator('.u-over');
    const box = await over.boundingBox();
    if (!box) throw new Error('the histogram has no plot area');
    const y = box.y + box.height / 2;
    // From 1% (08:44) to 18% (21:25) of the 74.5 hours shown.
    await page.mouse.move(box.x + box.width * 0.01, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.18, y, { steps: 5 });
    await page.mouse.up();

    const range = page.getByTestId('time-range');
    await range.waitFor();
    const from = Number(await range.getAttribute('data-from-ms'));
    const to = Number(await range.getAttribute('data-to-ms'));
    const kept = rowsWhere((r) => rowMs(r) >= from && rowMs(r) <= to);
    expect(kept).toEqual(TIMELINE.slice(1, 8));
    await timeline(page, kept);
    expect(await range.textContent()).toContain('(UTC)');
    await screenshot(page, 'timeline-zoomed');
    await range.getByRole('button', { name: 'reset zoom' }).click();
    await timeline(page, TIMELINE);
    await page.close();
  });

  it('shows the original JSON record byte for byte, with its provenance', async () => {
    const page = await wb.newPage();
    await timeline(page, TIMELINE);
    await openRow(page, 'New-InboxRule');
    const line = fixtureLine('ual.jsonl', 1);
    const record = page.getByTestId('original-record');
    expect(await record.getAttribute('data-layout')).toBe('laid-out');
    expect(await record.textContent())
      .toBe(JSON.stringify(JSON.parse(line), null, 2));
    await page.getByTestId('toggle-layout').click();
    expect(await record.getAttribute('data-layout')).toBe('as-stored');
    expect(await record.textContent()).toBe(line);
    expect(await page.getByTestId('provenance-sha256').first().textContent())
      .toBe(fixtureSha256('ual.jsonl'));
    expect(await page.getByTestId('provenance-bytes').first().textContent())
      .toBe(`offset 0, length ${Buffer.byteLength(line)}`);
    expect(await page.getByTestId('provenance-position').first().textContent())
      .toBe('line 1');
    expect(await page.getByTestId('detail-meaning').textContent()).toContain(
      loadCatalog().forEvent('m365-ual', 'New-InboxRule')?.meaning ?? '?');
    await screenshot(page, 'detail-json');
    await page.close();
  });

  it('shows the original CSV row and the duplicate it was also found as', async () => {
    const page = await wb.newPage();
    await timeline(page, TIMELINE);
    await openRow(page, 'FileAccessed');
    const line = fixtureLine('purview.csv', 3);
    expect(await page.getByTestId('original-record').textContent()).toBe(line);
    expect(await page.getByTestId('provenance-sha256').first().textContent())
      .toBe(fixtureSha256('purview.csv'));
    expect(await page.getByTestId('provenance-bytes').first().textContent())
      .toBe(`offset ${lineOffset('purview.csv', 3)}, length ` +
        `${Buffer.byteLength(line)}`);

    await openRow(page, 'MailItemsAccessed');
    const prov = page.getByTestId('provenance');
    expect(await prov.getByTestId('provenance-position').allTextContents())
      .toEqual(['line 2', 'line 5']);
    await page.close();
  });

  it('explains a failed sign-in by its error code', async () => {
    const page = await wb.newPage();
    await timeline(page, TIMELINE);
    await page.getByLabel('Result').selectOption('failure');
    await timeline(page, [TIMELINE[1]]);
    await openRow(page, 'SignIn');
    expect(await page.getByTestId('result-code-meaning').textContent())
      .toBe(`Result code 50126: ${loadCatalog().signInError('50126')?.meaning}`);
    await page.close();
  });

  it('moves with the arrows, opens with Enter, focuses search with / and closes with Esc', async () => {
    const page = await wb.newPage();
    await timeline(page, TIMELINE);
    await openRow(page, 'New-InboxRule');
    await page.keyboard.press('ArrowDown');
    await poll(() => page.getByTestId('detail-operation').textContent())
      .toBe('MailItemsAccessed');
    await page.keyboard.press('Escape');
    await page.getByTestId('detail').waitFor({ state: 'detached' });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('detail-operation').textContent())
      .toBe('FileDownloaded');
    await page.keyboard.press('Escape');
    await page.getByTestId('detail').waitFor({ state: 'detached' });
    await page.keyboard.press('/');
    expect(await page.evaluate(() =>
      document.activeElement?.getAttribute('aria-label'))).toBe('search events');
    await page.close();
  });

  it('lists the users and opens a user page with countries, IPs and map', async () => {
    const page = await wb.newPage('#/users');
    await poll(() => gridRows(page, 'users-grid',
      ['user', 'events', 'countries', 'ips', 'failedSignIns'])).toEqual([
      ['alice@contoso.com', '7', 'GB IR US', '3', '1'],
      ['<img src=x onerror=window.__pwned=2>mallory⟨U+202E⟩gro.live@contoso.com',
        '2', '', '1', '0'],
      ['bob@contoso.com', '2', 'NL', '1', '0'],
      ['carol@contoso.com', '2', 'US', '1', '0'],
    ]);
    await screenshot(page, 'users');
    await page.getByTestId('users-grid')
      .locator('.ag-cell', { hasText: 'alice@contoso.com' }).click();
    await poll(() => page.getByTestId('user-name').textContent())
      .toBe('alice@contoso.com');
    expect(await tableRows(page, 'user-countries')).toEqual([
      ['IR Iran', '5'], ['GB United Kingdom', '1'], ['US United States', '1'],
    ]);
    expect((await tableRows(page, 'user-ips')).map((r) => r.slice(0, 6)))
      .toEqual([
        ['77.77.77.77', 'IR', 'Tajrish', '16322', 'Parsan Lin Co. PJS', '5'],
        ['131.107.159.37', 'US', 'Redmond', '3598', 'Microsoft Corporation', '1'],
        ['81.171.241.231', 'GB', 'London (Holborn)', '8426', 'Claranet Limited', '1'],
      ]);
    const pins = page.getByTestId('world-map').locator('circle');
    expect(await pins.count()).toBe(3);
    expect(await page.getByTestId('world-map').locator('path.land.hit').count())
      .toBe(3);
    await timeline(page, rowsWhere((r) => r[2] === 'alice@contoso.com'));
    await screenshot(page, 'user-page');
    await page.close();
  });

  it('opens the IP page from the user page', async () => {
    const page = await wb.newPage('#/user/alice%40contoso.com');
    await page.getByTestId('user-ips').getByText('77.77.77.77').click();
    await poll(() => page.getByTestId('ip-address').textContent())
      .toBe('77.77.77.77');
    expect(await page.getByTestId('ip-country').textContent()).toBe('IR Iran');
    expect(await page.getByTestId('ip-asn').textContent()).toBe('AS16322');
    expect(await tableRows(page, 'ip-users')).toEqual([
      ['alice@contoso.com', '5', '2025-03-10 09:15:00.000',
        '2025-03-10 09:40:00.000'],
    ]);
    await timeline(page, TIMELINE.slice(1, 6));
    await screenshot(page, 'ip-page');
    await page.close();
  });

  it('lists the import warnings with file, line and code', async () => {
    const page = await wb.newPage('#/warnings');
    // The badge counts warnings and errors; the info note is listed only.
    expect(await page.getByTestId('tab-warnings').textContent())
      .toBe('Warnings2');
    await poll(() => gridRows(page, 'warnings-grid',
      ['fileName', 'line', 'byteOffset', 'severity', 'code'])).toEqual([
      ['signins.json', '2', '', 'warning', 'COVERAGE_INTERACTIVE_ONLY'],
      ['ual.jsonl', '6', '2436', 'error', 'BAD_TIME'],
      ['ual.jsonl', '5', '2038', 'info', 'DUPLICATE_RECORD'],
    ]);
    await screenshot(page, 'warnings');
    await page.close();
  });

  it('shows the case with every evidence item and its SHA-256', async () => {
    const page = await wb.newPage('#/case');
    const rows = await tableRows(page, 'evidence-table');
    expect(rows.map((r) => [r[1], r[3], r[5], r[6], r[7], r[8]])).toEqual([
      ['signins.json', fixtureSha256('signins.json'), '5', '5', '0', '0'],
      ['ual.jsonl', fixtureSha256('ual.jsonl'), '6', '4', '1', '1'],
      ['purview.csv', fixtureSha256('purview.csv'), '2', '2', '0', '0'],
      ['hostile.jsonl', fixtureSha256('hostile.jsonl'), '2', '2', '0', '0'],
    ]);
    await page.close();
  });

  it('raised no dialog and no script error', () => {
    expect(wb.dialogs).toEqual([]);
    expect(wb.pageErrors).toEqual([]);
  });
});
