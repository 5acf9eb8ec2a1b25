import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src-main/api/logger.js';
import { exportBundle } from '../../src-main/bundle/export-bundle.js';
import { readBundleZip } from '../../src-main/bundle/zip-reader.js';
import { closeCase, openCase } from '../../src-main/case/case-file.js';
import { serveCase } from '../../src-main/serve/serve-case.js';
import { buildFixtureCase, type FixtureCase } from '../ui/fixture-case.js';
import { send } from './http-client.js';

let fixture: FixtureCase;
let token: string;
let bundle: string;
let keyDir: string;
const logged: string[] = [];
const answers: number[] = [];

// A whole browser session: sign in, read, annotate, fail a few calls,
// stop; then the case is exported. Afterwards the token must appear in
// none of the log, the case file or the bundle, and no private key in
// the case or the bundle.
beforeAll(async () => {
  fixture = await buildFixtureCase();
  keyDir = mkdtempSync(join(tmpdir(), 'tt-keys-'));
  const log = createLogger('serve', (l) => void logged.push(l), 'debug');
  const served = await serveCase(fixture.path, { log, examiner: 'Tester' });
  token = served.token;
  const port = served.port;
  const call = (name: string, body: unknown, auth = token) => send(port, {
    method: 'POST', path: `/api/${name}`, body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json',
      'X-Tenant-Trail-Token': auth },
  }).then((a) => answers.push(a.status));
  const visit = await send(port, { path: `/?token=${token}` });
  answers.push(visit.status);
  await call('caseInfo', {});
  await call('addNote', { eventId: 1, text: 'checked with the examiner' });
  await call('addTag', { eventId: 1, tag: 'reviewed' });
  await call('eventDetail', { id: 999_999 });
  await call('about', {}, `${token}x`);
  await call('queryEvents', { filter: { search: token }, startRow: 0,
    endRow: 10 });
  await served.close();
  const c = openCase(fixture.path, { readonly: true });
  try {
    bundle = join(fixture.dir, 'bundle.zip');
    await exportBundle(c.db, { out: bundle, keyDir, examiner: 'Tester' });
  } finally {
    closeCase(c);
  }
});

afterAll(() => {
  fixture?.remove();
  rmSync(keyDir, { recursive: true, force: true });
});

function caseBytes(): string {
  return ['', '-wal', '-shm']
    .map((s) => `${fixture.path}${s}`)
    .filter((p) => existsSync(p))
    .map((p) => readFileSync(p).toString('latin1'))
    .join('');
}

describe('no secrets at rest', () => {
  it('ran the session that was meant to run', () => {
    expect(answers).toEqual([303, 200, 200, 200, 404, 401, 200]);
  });

  it('keeps the token out of the diagnostics log', () => {
    expect(logged.join('')).not.toContain(token);
    expect(logged.join('')).not.toContain(token.slice(0, 16));
  });

  it('keeps the token and any private key out of the case file', () => {
    const bytes = caseBytes();
    expect(bytes).toContain('reviewed');
    expect(bytes).not.toContain(token);
    expect(bytes).not.toContain('PRIVATE KEY');
  });

  it('keeps the token and the signing key out of the bundle', async () => {
    const read = await readBundleZip(bundle, () => true);
    expect(read.entries.size).toBeGreaterThan(3);
    const key = readFileSync(join(keyDir, 'tester.pem'), 'utf8');
    const keyBody = key.split('\n').filter((l) => l && !l.startsWith('-'))
      .join('');
    for (const [name, e] of read.entries) {
      const text = (e.bytes ?? Buffer.alloc(0)).toString('latin1');
      expect(e.bytes, name).not.toBeNull();
      expect(text, name).not.toContain(token);
      expect(text, name).not.toContain('PRIVATE KEY');
      expect(text, name).not.toContain(keyBody.slice(0, 40));
    }
  });
});
