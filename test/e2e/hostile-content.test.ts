/**
 * Hostile log content in the browser (issue #7): markup, script,
 * javascript: URLs and bidi / zero-width characters in user names, user
 * agents, rule names, mail subjects and file names are shown as literal
 * text with the hidden characters made visible, and no script runs.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibleText } from '../../src-renderer/visible-text.js';
import {
  HAS_CHROMIUM,
  SKIP_NOTE,
  gridRows,
  screenshot,
  startWorkbench,
  type Workbench,
} from './harness.js';
import {
  HOSTILE_USER,
  HOSTILE_USER_SHOWN,
  TIMELINE,
  fixtureLine,
} from './expected.js';

let wb: Workbench;

function poll<T>(fn: () => Promise<T> | T) {
  return expect.poll(fn, { timeout: 15_000, interval: 100 });
}

/** What the page would show if any hostile value became markup. */
function injected(page: Page) {
  return page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    const handlers = all.flatMap((el) =>
      [...el.attributes].filter((a) => a.name.startsWith('on'))
        .map((a) => `${el.tagName}[${a.name}]`));
    const scripts = [...document.scripts].map((s) => s.getAttribute('src'));
    const links = [...document.querySelectorAll('a[href]')]
      .map((a) => a.getAttribute('href') ?? '')
      .filter((h) => !h.startsWith('#/'));
    return {
      pwned: (window as { __pwned?: unknown }).__pwned ?? null,
      handlers,
      scripts,
      links,
      // The annotation controls are the app's own forms; any other
      // form on the page would have come from log content.
      tags: ['img', 'iframe', 'object', 'embed', 'form']
        .filter((t) => [...document.querySelectorAll(t)]
          .some((el) => el.closest('[data-testid="annotations"]') === null)),
      svgInjected: document.querySelectorAll('svg[onload]').length,
    };
  });
}

const CLEAN = {
  pwned: null,
  handlers: [],
  scripts: ['app.js'],
  links: [],
  tags: [],
  svgInjected: 0,
};

async function openRow(page: Page, operation: string): Promise<void> {
  await page.getByTestId('timeline-grid')
    .locator('.ag-cell[col-id="operation"]', { hasText: operation })
    .first().click();
  await poll(() => page.getByTestId('detail-operation').textContent())
    .toBe(operation);
}

function field(page: Page, name: string) {
  return page.getByTestId('detail-fields')
    .locator('tr', { has: page.locator('th', { hasText: new RegExp(`^${name}$`) }) })
    .locator('td')
    .textContent();
}

describe.skipIf(!HAS_CHROMIUM)(`hostile content in Chromium${SKIP_NOTE}`, () => {
  beforeAll(async () => {
    wb = await startWorkbench();
  });

  afterAll(async () => {
    await wb?.close();
  });

  it('shows hostile user names and targets in the grid as text', async () => {
    const page = await wb.newPage();
    await poll(() => gridRows(page, 'timeline-grid', ['user', 'target']))
      .toHaveLength(TIMELINE.length);
    const rows = await gridRows(page, 'timeline-grid', ['user', 'target']);
    expect(rows[11]).toEqual([HOSTILE_USER_SHOWN, 'javascript:window.__pwned=3']);
    expect(rows[12]).toEqual([HOSTILE_USER_SHOWN,
      '<a href="javascript:window.__pwned=7">rule</a>']);
    expect(rows[3][1]).toBe('alice@contoso.com\\<script>window.__pwned=1</script>');
    expect(await injected(page)).toEqual(CLEAN);
    await screenshot(page, 'hostile-timeline');
    await page.close();
  });

  it('shows a hostile rule name, file name and user agent in the detail as text', async () => {
    const page = await wb.newPage();
    await openRow(page, 'Set-InboxRule');
    expect(await field(page, 'User')).toBe(HOSTILE_USER_SHOWN);
    expect(await field(page, 'Target'))
      .toBe('<a href="javascript:window.__pwned=7">rule</a>');
    expect(await field(page, 'Details')).toContain(
      '"Value": "<iframe src=\\"javascript:window.__pwned=8\\"></iframe>⟨U+200D⟩"');
    await page.getByTestId('toggle-layout').click();
    expect(await page.getByTestId('original-record').textContent())
      .toBe(visibleText(fixtureLine('hostile.jsonl', 2)));

    await openRow(page, 'FileUploaded');
    expect(await field(page, 'User agent'))
      .toBe('<script>window.__pwned=6</script>⟨U+2066⟩evil⟨U+2069⟩');
    expect(await field(page, 'Details')).toContain(
      '"SourceFileName": "report⟨U+200B⟩.pdf⟨U+202E⟩<svg onload=window.__pwned=4>"');
    expect(await page.getByTestId('detail').locator('.hidden-char').count())
      .toBeGreaterThanOrEqual(4);
    expect(await injected(page)).toEqual(CLEAN);
    await screenshot(page, 'hostile-detail');
    await page.close();
  });

  it('shows hostile subjects, file names and user agents of the other sources as text', async () => {
    const page = await wb.newPage();
    await openRow(page, 'Send');
    expect(await field(page, 'Details')).toContain(
      '"Subject": "<img src=x onerror=alert(1)> invoice ⟨U+200B⟩overdue"');
    await openRow(page, 'FileDownloaded');
    expect(await field(page, 'User agent')).toBe('javascript:alert(1)');
    expect(await field(page, 'Target')).toBe(
      'https://contoso.sharepoint.com/sites/finance/Shared Documents/' +
      '<img src=x onerror=alert(1)>⟨U+202E⟩fdp.exe');
    const bob = page.getByTestId('timeline-grid')
      .locator('.ag-row', { hasText: 'bob@contoso.com' })
      .locator('.ag-cell[col-id="operation"]', { hasText: 'SignIn' });
    await bob.click();
    await poll(() => field(page, 'User')).toBe('bob@contoso.com');
    expect(await field(page, 'User agent')).toBe(
      'Mozilla/5.0 <img src=x onerror=alert(1)><script>window.__pwned=1' +
      '</script> javascript:alert(1) ⟨U+202E⟩exe.gpj⟨U+200B⟩');
    expect(await injected(page)).toEqual(CLEAN);
    await page.close();
  });

  it('opens the hostile user page and IP page without running anything', async () => {
    const page = await wb.newPage('#/users');
    await page.getByTestId('users-grid')
      .locator('.ag-cell', { hasText: 'mallory' }).click();
    await poll(() => page.getByTestId('user-name').textContent())
      .toBe(HOSTILE_USER_SHOWN);
    expect(decodeURIComponent(new URL(page.url()).hash))
      .toBe(`#/user/${HOSTILE_USER}`);
    expect(await page.locator('.crumb').textContent())
      .toBe(`User: ${HOSTILE_USER_SHOWN}`);
    await poll(() => page.getByTestId('event-count').textContent())
      .toBe('2 events');
    await page.getByTestId('user-ips').getByText('203.0.113.9').click();
    await poll(() => page.getByTestId('ip-address').textContent())
      .toBe('203.0.113.9');
    await poll(() => page.getByTestId('ip-users').locator('td').first()
      .textContent()).toBe(HOSTILE_USER_SHOWN);
    expect(await injected(page)).toEqual(CLEAN);
    await screenshot(page, 'hostile-user');
    await page.close();
  });

  it('fired no dialog and raised no script error', () => {
    expect(wb.dialogs).toEqual([]);
    expect(wb.pageErrors).toEqual([]);
  });
});
