/**
 * A case whose search index does not cover every event (after a schema
 * upgrade emptied it, or an import that did not finish): searches say
 * so and how to fix it, match every word typed, and `tenant-trail
 * index` builds the index, after which search matches whole words.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/tenant-trail.js',
  import.meta.url));
const BUILT = existsSync(new URL('../../dist/src-main/cli/main.js',
  import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'tt-index-cli-'));
const path = join(dir, 'idx.ttcase');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function record(n: number, ip: string, op: string): string {
  return JSON.stringify({
    CreationTime: `2026-10-18T02:0${n}:00`, Id: `id-${n}`, Operation: op,
    RecordType: 1, Workload: 'Exchange', UserId: 'ann@contoso.com',
    ClientIP: ip,
  });
}

function ids(r: { out: string }): string[] {
  return r.out.trim().split('\n').filter(Boolean)
    .map((l) => (JSON.parse(l) as { operation: string }).operation);
}

function emptySearchIndex(): void {
  const db = new Database(path);
  db.exec(`DELETE FROM event_fts;
    UPDATE fts_state SET indexed_through = 0 WHERE id = 1`);
  db.close();
}

beforeAll(() => {
  if (!BUILT) return;
  const file = join(dir, 'ual.jsonl');
  writeFileSync(file, [
    record(1, '10.0.0.1', 'Set-InboxRule'),
    record(2, '10.0.0.10', 'New-InboxRule'),
    record(3, '10.0.0.1', 'MailItemsAccessed'),
  ].join('\n'));
  expect(cli('new', path, '--title', 't', '--examiner', 'e').code).toBe(0);
  expect(cli('import', path, file, '--no-progress').code).toBe(0);
  emptySearchIndex();
});

describe.skipIf(!BUILT)('a case whose search index is behind', () => {
  it('searches parts of words, every word typed, and says so', () => {
    const r = cli('events', path, '--format', 'jsonl', '--search',
      '10.0.0.1 InboxRule');
    expect(ids(r)).toEqual(['Set-InboxRule', 'New-InboxRule']);
    expect(r.err).toBe('note: 3 events are not in the search index (the ' +
      'case was upgraded or an import did not finish), so this search ' +
      'matched parts of words in the normalized fields only, not whole ' +
      `words of the original records; \`tenant-trail index ${path}\` ` +
      'builds the index\n');
  });

  it('is indexed by `index`, after which search matches whole words', () => {
    const r = cli('index', path, '--no-progress');
    expect(r).toEqual({ code: 0, err: '', out: `${path}: schema 8; 3 ` +
      'events added to the search index, which covers every event\n' });
    const s = cli('events', path, '--format', 'jsonl', '--search',
      '10.0.0.1');
    expect(ids(s)).toEqual(['Set-InboxRule', 'MailItemsAccessed']);
    expect(s.err).toBe('');
    expect(cli('index', path, '--no-progress').out).toBe(`${path}: ` +
      'schema 8; 0 events added to the search index, which covers every ' +
      'event\n');
  });
});
