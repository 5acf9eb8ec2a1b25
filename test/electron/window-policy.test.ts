import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
} from '../../src-main/serve/security-headers.js';
import {
  decideLink,
  decidePermission,
  isExternalLink,
  mayLoad,
  secureWebPreferences,
  WINDOW_CSP,
  withoutCsp,
} from '../../src-main/electron/window-policy.js';

describe('window preferences', () => {
  it('isolates, sandboxes and keeps Node out of every window', () => {
    const p = secureWebPreferences('/app/preload.cjs');
    expect(p).toEqual({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    });
  });

  it('uses the same Content-Security-Policy as serve', () => {
    expect(WINDOW_CSP).toBe(CONTENT_SECURITY_POLICY);
    expect(WINDOW_CSP).toContain("script-src 'self'");
    expect(WINDOW_CSP).toContain("object-src 'none'");
    expect(WINDOW_CSP).not.toContain('unsafe-inline');
    expect(WINDOW_CSP).not.toContain('unsafe-eval');
  });
});

describe('links', () => {
  it.each([
    ['https://learn.microsoft.com/en-us/entra/', true],
    ['http://example.com/', true],
    ['HTTPS://EXAMPLE.COM/a?b=c#d', true],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['JaVaScRiPt:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['mailto:someone@example.com', false],
    ['ms-msdt:/id PCWDiagnostic', false],
    ['app://tenant-trail/index.html', false],
    ['smb://server/share', false],
    ['https://login.microsoft.com@evil.example/', false],
    ['https://user:pw@example.com/', false],
    ['not a url', false],
    ['', false],
  ])('%s may open in the system browser: %s', (url, external) => {
    expect(isExternalLink(url)).toBe(external);
  });

  it('never lets the window itself go anywhere', () => {
    expect(decideLink('https://example.com/')).toEqual({
      allow: false,
      openExternally: 'https://example.com/',
    });
    expect(decideLink('file:///home/x/.ssh/id_rsa')).toEqual({
      allow: false,
      openExternally: null,
    });
    expect(decideLink('app://tenant-trail/index.html')).toEqual({
      allow: false,
      openExternally: null,
    });
  });
});

describe('permissions and pages', () => {
  it.each(['media', 'geolocation', 'notifications', 'openExternal',
    'clipboard-read', 'fullscreen', 'hid', 'unknown'])(
    'refuses the %s permission',
    (permission) => expect(decidePermission(permission)).toBe(false),
  );

  it('loads only the app scheme', () => {
    expect(mayLoad('app://tenant-trail/index.html')).toBe(true);
    expect(mayLoad('app://other-host/index.html')).toBe(false);
    expect(mayLoad('https://tenant-trail/index.html')).toBe(false);
    expect(mayLoad('file:///app/dist/renderer/index.html')).toBe(false);
    expect(mayLoad('app://x@tenant-trail/index.html')).toBe(false);
  });

  it('drops any Content-Security-Policy a response brings', () => {
    expect(withoutCsp({
      'content-security-policy': ["default-src *"],
      'Content-Type': 'text/html',
      'X-A': ['1', '2'],
    })).toEqual({ 'Content-Type': ['text/html'], 'X-A': ['1', '2'] });
    expect(withoutCsp(undefined)).toEqual({});
  });
});
