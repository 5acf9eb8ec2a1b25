/**
 * The checks every `serve` request passes before anything else runs:
 * the Host header names this server, and the request carries the token.
 */
import type { IncomingMessage } from 'node:http';
import { tokensMatch } from './token.js';

/** The header an API client may carry the token in. */
export const TOKEN_HEADER = 'x-tenant-trail-token';

/** The cookie holding the token; per port, as cookies ignore ports. */
export function cookieName(port: number): string {
  return `tt_token_${port}`;
}

/** The Host header values this server answers to. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/**
 * True when the Host header names this server. Anything else may be a
 * DNS-rebinding page pointing a foreign name at 127.0.0.1.
 */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && allowedHosts(port).includes(host);
}

/** True when an Origin header, if any, is this server's own. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return allowedHosts(port).some((h) => origin === `http://${h}`);
}

/** The token a request presents in its cookie or header, if any. */
export function presentedToken(
  req: IncomingMessage,
  port: number,
): string | null {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string') return header;
  return readCookie(req.headers.cookie, cookieName(port));
}

/** True when a request presents the right token. */
export function tokenAccepted(
  req: IncomingMessage,
  port: number,
  token: string,
): boolean {
  return tokensMatch(token, presentedToken(req, port));
}

/** The value of one cookie in a Cookie header. */
export function readCookie(
  header: string | undefined,
  name: string,
): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The Set-Cookie value that hands the token to the browser. */
export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}
