import {
  mkdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SILENT } from '../../src-main/api/logger.js';
import { serveCase, type ServedCase } from '../../src-main/serve/serve-case.js';
import {
  CONTENT_SECURITY_POLICY,
} from '../../src-main/serve/security-headers.js';
import { buildFixtureCase, type FixtureCase } from '../ui/fixture-case.js';
import { accepts, send, sendRaw, type RawAnswer } from './http-client.js';

let fixture: FixtureCase;
let root: string;
let served: ServedCase;
let port: number;
let token: string;
const SECRET = 'contents of a file outside the renderer folder';

beforeAll(async () => {
  fixture = await buildFixtureCase();
  root = join(fixture.dir, 'renderer');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><p>workbench');
  writeFileSync(join(root, 'app.js'), 'void 0;');
  writeFileSync(join(root, 'notes.txt'), 'a type the renderer does not use');
  writeFileSync(join(fixture.dir, 'secret.json'), SECRET);
  symlinkSync(join(fixture.dir, 'secret.json'), join(root, 'linked.json'));
  served = await serveCase(fixture.path, { staticRoot: root, log: SILENT });
  ({ port, token } = served);
});

afterAll(async () => {
  await served?.close();
  fixture?.remove();
});

const cookie = () => ({ Cookie: `tt_token_${port}=${token}` });
type Headers = Record<string, string>;
const api = (call: string, body: unknown, headers: Headers = {}) =>
  send(port, {
    method: 'POST',
    path: `/api/${call}`,
    headers: { 'Content-Type': 'application/json',
      'X-Tenant-Trail-Token': token, ...headers },
    body: JSON.stringify(body),
  });

function expectSecurityHeaders(a: RawAnswer): void {
  expect(a.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(a.headers['x-content-type-options']).toBe('nosniff');
  expect(a.headers['x-frame-options']).toBe('DENY');
  expect(a.headers['referrer-policy']).toBe('no-referrer');
  expect(a.headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(a.headers['cross-origin-resource-policy']).toBe('same-origin');
  expect(a.headers['cache-control']).toBe('no-store');
}

describe('serve: where it listens', () => {
  it('binds to 127.0.0.1 only', () => {
    expect(served.server.address()).toEqual({
      address: '127.0.0.1', family: 'IPv4', port,
    });
    expect(served.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{43}$`),
    );
  });

  it('accepts no connection on the machine\'s other addresses', async () => {
    const others = Object.values(networkInterfaces()).flat()
      .filter((i) => i && !i.internal).map((i) => i!.address);
    for (const address of [...others, '::1']) {
      expect(await accepts(address, port), address).toBe(false);
    }
    expect(await accepts('127.0.0.1', port)).toBe(true);
  });
});

describe('serve: the token', () => {
  it.each(['/', '/index.html', '/app.js'])(
    'answers %s without a token with 401',
    async (path) => {
      const a = await send(port, { path });
      expect(a.status).toBe(401);
      expect(a.body).toBe('unauthorized: open the URL that `tenant-trail ' +
        'serve` printed, token included');
      expectSecurityHeaders(a);
    },
  );

  it('answers an API call without a token with 401', async () => {
    const a = await send(port, { method: 'POST', path: '/api/about',
      headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(a.status).toBe(401);
  });

  it.each([
    ['a wrong header', { 'X-Tenant-Trail-Token': 'guess' }],
    ['a wrong cookie', { Cookie: 'tt_token_PORT=guess' }],
    ['the token one character short', { 'X-Tenant-Trail-Token': 'SHORT' }],
    ['the token under another port\'s cookie', { Cookie: 'tt_token_1=TOKEN' }],
    ['an empty header', { 'X-Tenant-Trail-Token': '' }],
  ])('answers %s with 401', async (_what, headers) => {
    const fixed = Object.fromEntries(Object.entries(headers).map(([k, v]) =>
      [k, v.replace('PORT', String(port)).replace('TOKEN', token)
        .replace('SHORT', token.slice(0, -1))]));
    const a = await send(port, { path: '/', headers: fixed });
    expect(a.status).toBe(401);
  });

  it('answers a wrong token in the URL with 401 and no cookie', async () => {
    const a = await send(port, { path: `/?token=${token.slice(1)}x` });
    expect(a.status).toBe(401);
    expect(a.headers['set-cookie']).toBeUndefined();
  });

  it('moves the URL token into a strict, HttpOnly cookie', async () => {
    const a = await send(port, { path: `/?token=${token}` });
    expect(a.status).toBe(303);
    expect(a.headers.location).toBe('/');
    expect(a.headers['set-cookie']).toEqual([
      `tt_token_${port}=${token}; Path=/; HttpOnly; SameSite=Strict`,
    ]);
    expectSecurityHeaders(a);
  });

  it('serves the workbench to the cookie', async () => {
    const a = await send(port, { path: '/', headers: cookie() });
    expect(a.status).toBe(200);
    expect(a.body).toBe('<!doctype html><p>workbench');
    expect(a.headers['content-type']).toBe('text/html; charset=utf-8');
    expectSecurityHeaders(a);
  });
});

describe('serve: the Host header', () => {
  it.each([
    'evil.example',
    'evil.example:PORT',
    'rebind.attacker.test:PORT',
    '127.0.0.1:1',
    '[::1]:PORT',
    '0.0.0.0:PORT',
  ])('refuses Host %s even with the token', async (host) => {
    const a = await send(port, { path: '/', headers: { ...cookie(),
      Host: host.replace('PORT', String(port)) } });
    expect(a.status).toBe(421);
    expect(a.body).toBe('misdirected request: unknown host');
    expectSecurityHeaders(a);
  });

  it('accepts localhost with its port', async () => {
    const a = await send(port, { path: '/', headers: { ...cookie(),
      Host: `localhost:${port}` } });
    expect(a.status).toBe(200);
  });

  it('refuses a request without a Host header', async () => {
    const line = await sendRaw(port,
      `GET / HTTP/1.1\r\nCookie: tt_token_${port}=${token}\r\n\r\n`);
    expect(line).toBe('HTTP/1.1 400 Bad Request');
  });
});

describe('serve: static files stay inside the renderer folder', () => {
  it.each([
    '/../secret.json',
    '/%2e%2e/secret.json',
    '/..%2fsecret.json',
    '/%2e%2e%5csecret.json',
    '/..\\secret.json',
    '/linked.json',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    '/index.html%00.js',
    '/%',
    '/notes.txt',
    '/missing.js',
  ])('answers %s with 404', async (path) => {
    const a = await send(port, { path, headers: cookie() });
    expect(a.status).toBe(404);
    expect(a.body).toBe('not found');
    expect(a.body).not.toContain(SECRET);
    expectSecurityHeaders(a);
  });

  it('refuses to write', async () => {
    const a = await send(port, { method: 'PUT', path: '/app.js',
      headers: cookie(), body: 'alert(1)' });
    expect(a.status).toBe(405);
  });
});

describe('serve: the API', () => {
  it('answers a call through the shared dispatch', async () => {
    const a = await api('caseInfo', {});
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('application/json; charset=utf-8');
    expectSecurityHeaders(a);
    const e = JSON.parse(a.body);
    expect(e.ok).toBe(true);
    expect(e.value.info.caseNumber).toBe('UI-1');
    expect(e.value.eventCount).toBe(13);
  });

  it('refuses a foreign Origin', async () => {
    const a = await api('about', {}, { Origin: 'https://evil.example' });
    expect(a.status).toBe(403);
    expect(JSON.parse(a.body)).toEqual({ ok: false,
      error: { code: 'BAD_REQUEST', message: 'foreign origin' } });
  });

  it('accepts its own Origin', async () => {
    const a = await api('about', {}, { Origin: `http://127.0.0.1:${port}` });
    expect(a.status).toBe(200);
  });

  it.each([
    ['GET', 'GET', 'application/json', '{}', 405, 'calls are POST only'],
    ['text/plain', 'POST', 'text/plain', '{}', 415, 'send application/json'],
    ['a body that is not JSON', 'POST', 'application/json', '{"x":', 400,
      'the request body is not JSON'],
    ['a body over 1 MiB', 'POST', 'application/json',
      `"${'x'.repeat(1 << 20)}"`, 413, 'the request body is larger than 1 MiB'],
    ['a body of 16 MiB, answered, not reset', 'POST', 'application/json',
      'x'.repeat(16 << 20), 413, 'the request body is larger than 1 MiB'],
  ])('refuses %s', async (_what, method, type, body, status, message) => {
    const a = await send(port, {
      method,
      path: '/api/about',
      headers: { 'Content-Type': type, 'X-Tenant-Trail-Token': token },
      body,
    });
    expect(a.status).toBe(status);
    expect(JSON.parse(a.body)).toEqual({ ok: false,
      error: { code: 'BAD_REQUEST', message } });
  });

  it('refuses an unknown call and a malformed request by code', async () => {
    const unknown = await api('dropTables', {});
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).error.message)
      .toBe('there is no call named "dropTables"');
    const bad = await api('queryEvents', { filter: {}, startRow: 0,
      endRow: 5000 });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message)
      .toBe('malformed queryEvents request: request: a page holds at most ' +
        '1000 rows');
  });

  it.each([
    ['listFindings', { startRow: 0, endRow: 10, severity: ['severe'] },
      "malformed listFindings request: severity.0: Invalid enum value. " +
      "Expected 'low' | 'medium' | 'high' | 'critical', received 'severe'"],
    ['reviewFinding', { id: 1, status: 'closed', note: '' },
      "malformed reviewFinding request: status: Invalid enum value. " +
      "Expected 'open' | 'reviewed' | 'false-positive', received 'closed'"],
    ['setPolicy', { policy: ['US'] },
      'malformed setPolicy request: policy: a policy object'],
    ['verifyBundle', { path: '' },
      'malformed verifyBundle request: path: String must contain at ' +
      'least 1 character(s)'],
  ])('refuses a malformed %s request by code', async (name, req, message) => {
    const a = await api(name, req);
    expect(a.status).toBe(400);
    expect(JSON.parse(a.body).error).toEqual({ code: 'BAD_REQUEST',
      message });
  });

  it('asks browser mode for the path of a bundle to verify', async () => {
    const a = await api('verifyBundle', {});
    expect(JSON.parse(a.body).error).toEqual({ code: 'BAD_REQUEST',
      message: 'give the path of the bundle to verify (browser mode has ' +
        'no file dialog)' });
  });

  it('refuses the desktop-only calls in browser mode', async () => {
    const a = await api('openCase', { path: '/etc/passwd' });
    expect(a.status).toBe(400);
    expect(JSON.parse(a.body).error.code).toBe('NOT_SUPPORTED');
    expect(JSON.parse(a.body).error.message).toMatch(
      /^openCase is not supported in browser mode/,
    );
  });
});
