import { describe, expect, it, vi } from 'vitest';

const compared = vi.hoisted(() => [] as [number, number][]);

// The comparison itself is watched: a token check must reach
// timingSafeEqual with inputs of one fixed length, whatever was sent.
vi.mock('node:crypto', async (original) => {
  const real = await original<typeof import('node:crypto')>();
  return {
    ...real,
    timingSafeEqual: (a: Buffer, b: Buffer) => {
      compared.push([a.length, b.length]);
      return real.timingSafeEqual(a, b);
    },
  };
});

const { newToken, tokensMatch } = await import('../../src-main/serve/token.js');
const { readCookie, tokenAccepted } = await import(
  '../../src-main/serve/request-guard.js'
);

describe('tokens', () => {
  it('are 32 random bytes in base64url, different each time', () => {
    const a = newToken();
    const b = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('match only when equal', () => {
    const t = newToken();
    expect(tokensMatch(t, t)).toBe(true);
    expect(tokensMatch(t, `${t}x`)).toBe(false);
    expect(tokensMatch(t, t.slice(1))).toBe(false);
    expect(tokensMatch(t, t.toUpperCase())).toBe(false);
    expect(tokensMatch(t, '')).toBe(false);
    expect(tokensMatch(t, null)).toBe(false);
  });

  it('are compared in constant time, as equal-length digests', () => {
    compared.length = 0;
    const t = newToken();
    for (const given of [t, 'x', t.repeat(50), '', 'é'.repeat(7)]) {
      tokensMatch(t, given);
    }
    expect(compared).toEqual([[32, 32], [32, 32], [32, 32], [32, 32],
      [32, 32]]);
  });

  it('are checked through the same comparison for requests', () => {
    compared.length = 0;
    const t = newToken();
    const req = { headers: { cookie: `a=b; tt_token_80=${t}` } };
    expect(tokenAccepted(req as never, 80, t)).toBe(true);
    expect(tokenAccepted({ headers: {} } as never, 80, t)).toBe(false);
    expect(compared).toEqual([[32, 32]]);
  });

  it('are read from the cookie of their own port only', () => {
    expect(readCookie('tt_token_8080=a; tt_token_80=b', 'tt_token_80'))
      .toBe('b');
    expect(readCookie('xtt_token_80=a', 'tt_token_80')).toBeNull();
    expect(readCookie(undefined, 'tt_token_80')).toBeNull();
  });
});
