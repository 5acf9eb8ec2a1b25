import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerAppRequest,
  APP_ENTRY,
  APP_SCHEME_PRIVILEGES,
  isAppUrl,
} from '../../src-main/electron/app-scheme.js';
import {
  CONTENT_SECURITY_POLICY,
} from '../../src-main/serve/security-headers.js';

let dir: string;
let root: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-scheme-'));
  root = join(dir, 'renderer');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><p>workbench</p>');
  writeFileSync(join(root, 'app.js'), 'void 0;');
  writeFileSync(join(dir, 'secret.json'), '{"secret":true}');
  symlinkSync(join(dir, 'secret.json'), join(root, 'linked.json'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (url: string) => answerAppRequest(root, { url, method: 'GET' });

describe('the app scheme', () => {
  it('is registered standard and secure, with no other privilege', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true },
    });
    expect(APP_ENTRY).toBe('app://tenant-trail/index.html');
  });

  it('serves the entry page with the security headers', async () => {
    const res = await get(APP_ENTRY);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<!doctype html><p>workbench</p>');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy'))
      .toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the index for the bare origin', async () => {
    expect((await get('app://tenant-trail/')).status).toBe(200);
  });

  it.each([
    'app://tenant-trail/%2e%2e/secret.json',
    'app://tenant-trail/..%2fsecret.json',
    'app://tenant-trail/%2e%2e%5csecret.json',
    'app://tenant-trail/linked.json',
    'app://tenant-trail/missing.js',
    'app://tenant-trail/index.html%00.js',
    'app://other/index.html',
    'app://user@tenant-trail/index.html',
    'https://tenant-trail/index.html',
  ])('answers %s with 404', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('not found');
    expect(res.headers.get('content-security-policy'))
      .toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses anything but GET', async () => {
    const res = await answerAppRequest(root, {
      url: APP_ENTRY,
      method: 'POST',
    });
    expect(res.status).toBe(405);
  });

  it('recognises its own URLs only', () => {
    expect(isAppUrl('app://tenant-trail/app.js')).toBe(true);
    expect(isAppUrl('app://tenant-trail.evil/app.js')).toBe(false);
    expect(isAppUrl('app://tenant-trail:8080/app.js')).toBe(false);
    expect(isAppUrl('::')).toBe(false);
  });
});
