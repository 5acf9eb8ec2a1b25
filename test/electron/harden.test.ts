import { describe, expect, it } from 'vitest';
import {
  guardContents,
  guardSession,
  assertLoadable,
  type CancellableEvent,
  type GuardedContents,
  type GuardedSession,
  type NavigationEvent,
} from '../../src-main/electron/harden.js';
import {
  CONTENT_SECURITY_POLICY,
} from '../../src-main/serve/security-headers.js';

type Listener = (e: NavigationEvent & CancellableEvent) => void;

/** A web contents that records its listeners and fires them on demand. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  const contents: GuardedContents = {
    on: (event: string, l: Listener) => listeners.set(event, l),
    setWindowOpenHandler: (h) => {
      openHandler = h;
    },
  } as GuardedContents;
  const fire = (event: string, url = '') => {
    const e = { url, prevented: false, preventDefault() {
      e.prevented = true;
    } };
    listeners.get(event)?.(e);
    return e.prevented;
  };
  const open = (url: string) => openHandler?.({ url });
  return { contents, fire, open, listeners };
}

function guarded() {
  const opened: string[] = [];
  const f = fakeContents();
  guardContents(f.contents, async (url) => {
    opened.push(url);
  });
  return { ...f, opened };
}

describe('guardContents', () => {
  it('listens to every way of leaving the page', () => {
    const g = guarded();
    expect([...g.listeners.keys()].sort()).toEqual([
      'will-attach-webview',
      'will-frame-navigate',
      'will-navigate',
      'will-redirect',
    ]);
  });

  it('cancels an external navigation and opens it in the browser', () => {
    const g = guarded();
    expect(g.fire('will-navigate', 'https://example.com/x')).toBe(true);
    expect(g.opened).toEqual(['https://example.com/x']);
  });

  it.each([
    'javascript:alert(document.cookie)',
    'file:///etc/passwd',
    'data:text/html,<b>x</b>',
    'app://tenant-trail/index.html',
    'https://login.microsoft.com@evil.example/',
  ])('cancels a navigation to %s and opens nothing', (url) => {
    const g = guarded();
    expect(g.fire('will-navigate', url)).toBe(true);
    expect(g.opened).toEqual([]);
  });

  it('cancels frame navigations and redirects without opening twice', () => {
    const g = guarded();
    expect(g.fire('will-frame-navigate', 'https://example.com/')).toBe(true);
    expect(g.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(g.opened).toEqual([]);
  });

  it('refuses to attach a webview', () => {
    expect(guarded().fire('will-attach-webview')).toBe(true);
  });

  it('denies window.open; http(s) goes to the system browser', () => {
    const g = guarded();
    expect(g.open('https://example.com/a')).toEqual({ action: 'deny' });
    expect(g.open('http://example.com/b')).toEqual({ action: 'deny' });
    expect(g.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(g.open('file:///C:/Windows/System32/calc.exe')).toEqual({
      action: 'deny',
    });
    expect(g.opened).toEqual(['https://example.com/a', 'http://example.com/b']);
  });

  it('survives a failing system browser', async () => {
    const f = fakeContents();
    guardContents(f.contents, () => Promise.reject(new Error('no browser')));
    expect(f.open('https://example.com/')).toEqual({ action: 'deny' });
    await new Promise((r) => setImmediate(r));
  });
});

function fakeSession() {
  const s = {
    request: null as null | (
      (c: unknown, p: string, cb: (g: boolean) => void) => void
    ),
    check: null as null | ((c: unknown, p: string) => boolean),
    headers: null as null | ((
      d: { url: string; responseHeaders?: Record<string, string[]> },
      cb: (r: { responseHeaders: Record<string, string[]> }) => void,
    ) => void),
  };
  const session: GuardedSession = {
    setPermissionRequestHandler: (h) => void (s.request = h),
    setPermissionCheckHandler: (h) => void (s.check = h),
    webRequest: { onHeadersReceived: (l) => void (s.headers = l) },
  };
  guardSession(session);
  return s;
}

describe('guardSession', () => {
  it.each(['media', 'notifications', 'geolocation', 'openExternal'])(
    'answers a %s permission request with a refusal',
    (permission) => {
      const answers: boolean[] = [];
      fakeSession().request?.({}, permission, (g) => answers.push(g));
      expect(answers).toEqual([false]);
    },
  );

  it('refuses every permission check', () => {
    const s = fakeSession();
    expect(s.check?.({}, 'clipboard-read')).toBe(false);
    expect(s.check?.(null, 'media')).toBe(false);
  });

  it('replaces any CSP with the workbench policy, equal to serve\'s', () => {
    const out: Record<string, string[]>[] = [];
    fakeSession().headers?.(
      {
        url: 'app://tenant-trail/index.html',
        responseHeaders: {
          'content-security-policy': ["script-src 'unsafe-inline'"],
          'Content-Type': ['text/html'],
        },
      },
      (r) => out.push(r.responseHeaders),
    );
    expect(out).toEqual([{
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    }]);
  });
});

describe('assertLoadable', () => {
  it('passes app pages and refuses anything else', () => {
    const entry = 'app://tenant-trail/index.html';
    expect(assertLoadable(entry)).toBe(entry);
    expect(() => assertLoadable('https://example.com/')).toThrow(
      'refusing to load https://example.com/',
    );
  });
});
