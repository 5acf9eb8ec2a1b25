/**
 * Findings, the tenant policy and bundle verification in Chromium
 * (issues #5 and #6): the findings grid and its filters, a finding's
 * page with its explanation and exactly its events, the review, the
 * user page's findings, the timeline's "in a finding" filter, the
 * policy editor and the verify button, each change custody-logged.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flipByte, readZip, writeZip } from '../bundle/case-fixture.js';
import { buildFindingsCase } from '../ui/fixture-case.js';
import {
  HAS_CHROMIUM,
  SKIP_NOTE,
  gridRows,
  screenshot,
  startWorkbench,
  tableRows,
  type Workbench,
} from './harness.js';

let wb: Workbench;

function poll<T>(fn: () => Promise<T> | T) {
  return expect.poll(fn, { timeout: 15_000, interval: 100 });
}

/** Runs a query on the served case without changing it. */
function query<T>(sql: string): T[] {
  const db = new Database(wb.fixture.path, { readonly: true,
    fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const FINDING_COLS = ['severity', 'rule', 'actor', 'count', 'status'];

/** Every finding of the fixture case, most severe first. */
const ALL_FINDINGS = [
  ['critical', 'signin-outside-allowed', 'alice@contoso.com', '1', 'open'],
  ['high', 'impossible-travel', 'alice@contoso.com', '2', 'open'],
  ['high', 'attack-tool-user-agent', 'alice@contoso.com', '2', 'open'],
  ['high', 'inbox-rule-hide', 'alice@contoso.com', '1', 'open'],
  ['high', 'signin-outside-allowed', 'bob@contoso.com', '1', 'open'],
  ['high', 'inbox-rule-forward',
    '<img src=x onerror=window.__pwned=2>mallory⟨U+202E⟩gro.live' +
    '@contoso.com', '1', 'open'],
  ['low', 'failed-signin-outside-allowed', 'alice@contoso.com', '1', 'open'],
];

async function findings(page: Page, rows: string[][]): Promise<void> {
  await poll(() => page.getByTestId('findings-total').textContent())
    .toBe(`${rows.length} findings`);
  await poll(() => gridRows(page, 'findings-grid', FINDING_COLS))
    .toEqual(rows);
}

async function openCritical(page: Page): Promise<void> {
  await page.getByTestId('findings-grid')
    .locator('.ag-cell[col-id="severity"]', { hasText: 'critical' })
    .click();
  await poll(() => page.getByTestId('finding-title').textContent())
    .toBe('critical Successful sign-in from outside the allowed countries');
}

function cli(...args: string[]) {
  const bin = fileURLToPath(new URL('../../bin/tenant-trail.js',
    import.meta.url));
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
}

describe.skipIf(!HAS_CHROMIUM)(`findings in Chromium${SKIP_NOTE}`, () => {
  beforeAll(async () => {
    wb = await startWorkbench(buildFindingsCase);
  });
  afterAll(async () => {
    await wb?.close();
  });

  it('lists every finding, most severe first, and filters them', async () => {
    const page = await wb.newPage('#/findings');
    await findings(page, ALL_FINDINGS);
    await screenshot(page, 'findings');
    await page.getByTestId('findings-severity')
      .selectOption({ label: 'high and critical' });
    await findings(page, ALL_FINDINGS.slice(0, 6));
    await page.getByTestId('findings-severity')
      .selectOption({ label: 'low' });
    await findings(page, ALL_FINDINGS.slice(6));
    await page.close();
  });

  it('opens a finding with its explanation and exactly its events', async () => {
    const page = await wb.newPage('#/findings');
    await openCritical(page);
    await poll(() => page.getByTestId('finding-explanation').textContent())
      .toBe('Sign-in by alice@contoso.com succeeded from IR (Tajrish, ' +
        'AS16322 Parsan Lin Co. PJS) at 2025-03-10T09:16:30.000Z (IP ' +
        '77.77.77.77); allowed countries are US, GB; the same account ' +
        'also has: inbox rule hides mail');
    const matched = await tableRows(page, 'finding-matched');
    expect(matched).toContainEqual(['IR']);
    await poll(() => page.getByTestId('event-count').textContent())
      .toBe('1 events');
    await poll(() => gridRows(page, 'timeline-grid',
      ['time', 'operation', 'user', 'ip', 'country'])).toEqual([
      ['2025-03-10 09:16:30.000', 'SignIn', 'alice@contoso.com',
        '77.77.77.77', 'IR'],
    ]);
    await screenshot(page, 'finding');
    await page.close();
  });

  it('marks a finding a false positive, logged in custody', async () => {
    const page = await wb.newPage('#/findings');
    await openCritical(page);
    const review = page.getByTestId('finding-review');
    await review.getByLabel('review status').selectOption('false-positive');
    await review.getByLabel('review note').fill('VPN exit of the audit team');
    await review.getByRole('button', { name: 'Save review' }).click();
    await poll(() => review.getByRole('status').textContent())
      .toBe('saved; recorded in the custody log');
    expect(query(`SELECT status, review_note note FROM finding
      WHERE rule_id = 'signin-outside-allowed' AND severity = 'critical'`))
      .toEqual([{ status: 'false-positive',
        note: 'VPN exit of the audit team' }]);
    const logged = query<{ examiner: string; details: string }>(
      `SELECT examiner, details FROM custody
       WHERE action = 'finding.review'`);
    expect(logged.map((l) => l.examiner)).toEqual(['E2E Examiner']);
    expect(JSON.parse(logged[0].details)).toMatchObject({
      ruleId: 'signin-outside-allowed', from: 'open',
      to: 'false-positive', note: 'VPN exit of the audit team' });
    await page.close();
  });

  it("lists a user's findings on the user page", async () => {
    const page = await wb.newPage('#/user/alice%40contoso.com');
    const expected = query<{ title: string }>(
      `SELECT title FROM finding WHERE actor = 'alice@contoso.com'
       ORDER BY first_time_ms, id`).map((r) => r.title);
    expect(expected).toHaveLength(5);
    await poll(async () => (await tableRows(page, 'user-findings'))
      .map((r) => r[1])).toEqual(expected);
    await page.close();
  });

  it('filters the timeline to the events of any finding', async () => {
    const page = await wb.newPage('#/timeline');
    const inFindings = query<{ n: number }>(
      'SELECT count(DISTINCT event_id) n FROM finding_event')[0].n;
    expect(inFindings).toBe(6);
    await page.getByTestId('in-finding').check();
    await poll(() => page.getByTestId('event-count').textContent())
      .toBe(`${inFindings} events`);
    await page.close();
  });

  it('edits the tenant policy and logs the change', async () => {
    const page = await wb.newPage('#/case');
    const editor = page.getByTestId('policy-editor');
    const countries = editor.getByLabel('Allowed countries');
    await poll(() => countries.inputValue()).toBe('US, GB');
    await countries.fill('US, GB, IR');
    await editor.getByText('Thresholds').click();
    await editor.getByLabel('spray.minUsers').fill('5');
    await editor.getByRole('button', { name: 'Save policy' }).click();
    await poll(() => editor.getByRole('status').textContent()).toMatch(
      /^saved; recorded in the custody log/);
    const [row] = query<{ policy_json: string }>(
      'SELECT policy_json FROM case_info');
    expect(JSON.parse(row.policy_json)).toMatchObject({
      allowedCountries: ['US', 'GB', 'IR'],
      thresholds: { 'spray.minUsers': 5 } });
    const changes = query<{ details: string }>(
      `SELECT details FROM custody WHERE action = 'policy.update'
       ORDER BY seq DESC LIMIT 1`);
    expect(Object.keys(JSON.parse(changes[0].details).changes).sort())
      .toEqual(['allowedCountries', 'thresholds']);
    await countries.fill('US, XX9');
    await editor.getByRole('button', { name: 'Save policy' }).click();
    await poll(() => editor.getByRole('status').textContent())
      .toMatch(/XX9/);
    await page.close();
  });

  it('verifies a bundle and names the file that was changed', async () => {
    const dir = wb.fixture.dir;
    const out = join(dir, 'e2e.zip');
    const made = cli('export', wb.fixture.path, out, '--no-custody',
      '--no-progress', '--key-dir', join(dir, 'keys'));
    expect([made.status, made.stderr]).toEqual([0, '']);
    const entries = await readZip(out);
    entries.set('events/events.csv',
      flipByte(entries.get('events/events.csv')!));
    const bad = join(dir, 'e2e-tampered.zip');
    await writeZip(bad, entries);

    const page = await wb.newPage('#/case');
    const panel = page.getByTestId('verify-panel');
    await panel.getByLabel('bundle path').fill(out);
    await panel.getByRole('button', { name: 'Verify bundle' }).click();
    await poll(() => panel.getByTestId('verify-verdict').locator('strong')
      .textContent()).toBe('PASS');
    await panel.getByLabel('bundle path').fill(bad);
    await panel.getByRole('button', { name: 'Verify bundle' }).click();
    await poll(() => panel.getByTestId('verify-verdict').locator('strong')
      .textContent()).toBe('FAIL');
    await expect.poll(() => panel.getByTestId('verify-problems')
      .textContent()).toMatch(/^events\/events\.csv: has SHA-256 /);
    await screenshot(page, 'verify');
    await page.close();
  });

  it('ran no script and raised no dialog', async () => {
    const page = await wb.newPage('#/findings');
    const reviewed = ALL_FINDINGS.map((r, i) =>
      i === 0 ? [...r.slice(0, 4), 'false positive'] : r);
    await findings(page, reviewed);
    expect(await page.evaluate(() =>
      (window as { __pwned?: unknown }).__pwned ?? null)).toBeNull();
    expect(await page.locator('img').count()).toBe(0);
    expect(wb.dialogs).toEqual([]);
    expect(wb.pageErrors).toEqual([]);
    await page.close();
  });
});
