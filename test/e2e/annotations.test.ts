/**
 * Bookmarks, tags and notes in the browser: saved in the case, shown
 * again after a reload, usable as timeline filters, and written to the
 * custody log (issue #4).
 */
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HAS_CHROMIUM,
  SKIP_NOTE,
  gridRows,
  screenshot,
  startWorkbench,
  type Workbench,
} from './harness.js';
import { TIMELINE, type Row } from './expected.js';

let wb: Workbench;

function poll<T>(fn: () => Promise<T> | T) {
  return expect.poll(fn, { timeout: 15_000, interval: 100 });
}

async function timeline(page: Page, rows: Row[]): Promise<void> {
  await poll(() => page.getByTestId('event-count').textContent())
    .toBe(`${rows.length} events`);
  await poll(() => gridRows(page, 'timeline-grid',
    ['time', 'operation', 'user', 'country'])).toEqual(rows);
}

async function openRow(page: Page, operation: string): Promise<void> {
  await page.getByTestId('timeline-grid')
    .locator('.ag-cell[col-id="operation"]', { hasText: operation })
    .first().click();
  await poll(() => page.getByTestId('detail-operation').textContent())
    .toBe(operation);
}

function custodyActions(path: string): { action: string; examiner: string;
  details: string }[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(
      `SELECT action, examiner, details FROM custody
       WHERE action LIKE 'bookmark.%' OR action LIKE 'tag.%'
         OR action LIKE 'note.%' ORDER BY seq`,
    ).all() as { action: string; examiner: string; details: string }[];
  } finally {
    db.close();
  }
}

describe.skipIf(!HAS_CHROMIUM)(`annotations in Chromium${SKIP_NOTE}`, () => {
  beforeAll(async () => {
    wb = await startWorkbench();
  });

  afterAll(async () => {
    await wb?.close();
  });

  it('bookmarks, tags and notes an event and keeps them', async () => {
    const page = await wb.newPage();
    await timeline(page, TIMELINE);
    await openRow(page, 'FileDownloaded');
    await page.getByTestId('bookmark').click();
    await poll(() => page.getByTestId('bookmark').textContent())
      .toBe('★ Bookmarked');
    const tag = page.getByLabel('add tag');
    await tag.fill('exfiltration');
    await tag.press('Enter');
    await poll(() => page.locator('.tag').allTextContents())
      .toEqual(['exfiltration×']);
    await page.getByLabel('add note').fill('finance share, from the IR address');
    await page.getByRole('button', { name: 'Add note' }).click();
    await poll(() => page.locator('.note-text').allTextContents())
      .toEqual(['finance share, from the IR address']);
    await poll(async () => (await gridRows(page, 'timeline-grid', ['mark']))
      .map((r) => r[0])).toEqual(TIMELINE.map((_, i) => (i === 5 ? '★' : '')));
    await screenshot(page, 'annotations');
    await page.close();

    const again = await wb.newPage();
    await timeline(again, TIMELINE);
    await openRow(again, 'FileDownloaded');
    expect(await again.getByTestId('bookmark').getAttribute('aria-pressed'))
      .toBe('true');
    expect(await again.locator('.tag').allTextContents())
      .toEqual(['exfiltration×']);
    expect(await again.locator('.note-text').allTextContents())
      .toEqual(['finance share, from the IR address']);
    expect(await again.locator('.notes .muted').first().textContent())
      .toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC · E2E Examiner$/);
    await again.close();
  });

  it('filters the timeline to bookmarked and tagged events', async () => {
    const page = await wb.newPage();
    await timeline(page, TIMELINE);
    await page.getByLabel('Bookmarked').check();
    await timeline(page, [TIMELINE[5]]);
    await page.getByLabel('Bookmarked').uncheck();
    await timeline(page, TIMELINE);
    await page.getByLabel('Tag').selectOption('exfiltration');
    await timeline(page, [TIMELINE[5]]);
    await page.close();
  });

  it('records every change in the custody log with the examiner', async () => {
    const page = await wb.newPage();
    await timeline(page, TIMELINE);
    await openRow(page, 'FileDownloaded');
    await page.getByRole('button', { name: 'remove tag exfiltration' }).click();
    await poll(() => page.locator('.tag').count()).toBe(0);
    await page.close();

    const entries = custodyActions(wb.fixture.path);
    expect(entries.map((e) => [e.action, e.examiner])).toEqual([
      ['bookmark.add', 'E2E Examiner'],
      ['tag.add', 'E2E Examiner'],
      ['note.add', 'E2E Examiner'],
      ['tag.remove', 'E2E Examiner'],
    ]);
    expect(JSON.parse(entries[1].details)).toMatchObject({ tag: 'exfiltration' });
  });

  it('raised no dialog and no script error', () => {
    expect(wb.dialogs).toEqual([]);
    expect(wb.pageErrors).toEqual([]);
  });
});
