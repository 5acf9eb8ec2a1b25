/**
 * `serve`: the workbench over HTTP on 127.0.0.1 only. Every request must
 * name this server in its Host header and carry the session token; the
 * API is the contract's calls as `POST /api/<call>`, dispatched to the
 * same handlers as the desktop app's IPC.
 */
import { readFile } from 'node:fs/promises';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Envelope } from '../../src-shared/contract.js';
import type { ErrorCode } from '../../src-shared/errors.js';
import type { ApiContext } from '../api/api-context.js';
import { dispatch, type Handlers } from '../api/dispatch.js';
import { fail } from '../api/envelope.js';
import {
  hostAllowed,
  originAllowed,
  tokenAccepted,
  tokenCookie,
} from './request-guard.js';
import { securityHeaders } from './security-headers.js';
import { resolveStatic } from './static-files.js';
import { newToken, tokensMatch } from './token.js';

/** The only address the workbench server listens on. */
export const LOOPBACK = '127.0.0.1';

const MAX_BODY = 1 << 20;

/** What the server needs: the handlers, their context, the files. */
export interface ServeOptions {
  handlers: Handlers;
  context: ApiContext;
  staticRoot: string;
  port?: number;
  token?: string;
}

/** A running workbench server. */
export interface RunningServer {
  server: Server;
  port: number;
  token: string;
  /** The URL to open, token included. */
  url: string;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 and the given port (0: any free one). */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const token = o.token ?? newToken();
  let port = 0;
  const server = createServer((req, res) => {
    handle(o, token, port, req, res).catch((err: unknown) => {
      o.context.log.error('request failed', { error: String(err) });
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
      else res.destroy();
    });
  });
  await new Promise<void>((ok, no) => {
    server.once('error', no);
    server.listen(o.port ?? 0, LOOPBACK, () => ok());
  });
  port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    token,
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

async function handle(
  o: ServeOptions,
  token: string,
  port: number,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!hostAllowed(req, port)) {
    return send(res, 421, 'text/plain', 'misdirected request: unknown host');
  }
  const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
  if (url.searchParams.has('token')) {
    return acceptTokenVisit(res, port, token, url.searchParams.get('token'));
  }
  if (!tokenAccepted(req, port, token)) {
    return send(res, 401, 'text/plain', UNAUTHORIZED);
  }
  if (url.pathname.startsWith('/api/')) {
    return handleApi(o, port, req, res, url);
  }
  return handleStatic(o.staticRoot, req, res, url.pathname);
}

const UNAUTHORIZED =
  'unauthorized: open the URL that `tenant-trail serve` printed, token ' +
  'included';

// The first visit brings the token in the URL; it moves into a cookie
// and the URL without it, so it does not linger in history or referrers.
function acceptTokenVisit(
  res: ServerResponse,
  port: number,
  token: string,
  given: string | null,
): void {
  if (!tokensMatch(token, given)) {
    return send(res, 401, 'text/plain', UNAUTHORIZED);
  }
  res.writeHead(303, {
    ...securityHeaders(),
    'Set-Cookie': tokenCookie(port, token),
    Location: '/',
  });
  res.end();
}

async function handleApi(
  o: ServeOptions,
  port: number,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (req.method !== 'POST') {
    return sendEnvelope(res, 405, fail('BAD_REQUEST', 'calls are POST only'));
  }
  if (!originAllowed(req, port)) {
    return sendEnvelope(res, 403, fail('BAD_REQUEST', 'foreign origin'));
  }
  if (!isJson(req)) {
    return sendEnvelope(res, 415, fail('BAD_REQUEST', 'send application/json'));
  }
  const body = await readJsonBody(req);
  if (!body.ok) return sendEnvelope(res, body.status, body.envelope);
  const name = url.pathname.slice('/api/'.length);
  const answer = await dispatch(o.handlers, o.context, name, body.value);
  const status = answer.ok ? 200 : statusOf(answer.error.code);
  return sendEnvelope(res, status, answer);
}

function isJson(req: IncomingMessage): boolean {
  const type = req.headers['content-type'] ?? '';
  return type.split(';')[0].trim().toLowerCase() === 'application/json';
}

type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: number; envelope: Envelope<never> };

async function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  const body = await readBody(req, MAX_BODY);
  if (body === null) {
    return refused(413, 'the request body is larger than 1 MiB');
  }
  try {
    return { ok: true, value: JSON.parse(body.toString()) };
  } catch {
    // The parser's message may quote the body back; say only what is wrong.
    return refused(400, 'the request body is not JSON');
  }
}

// Resolves with null as soon as the body passes max bytes. The rest is
// still read and dropped: stopping would reset the connection, and the
// client would see a network error instead of the 413.
function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) resolve(null);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function refused(status: number, message: string): BodyResult {
  return { ok: false, status, envelope: fail('BAD_REQUEST', message) };
}

function statusOf(code: ErrorCode): number {
  if (code === 'BAD_REQUEST' || code === 'NOT_SUPPORTED') return 400;
  if (code === 'NOT_FOUND' || code === 'CASE_NOT_FOUND') return 404;
  if (code === 'INTERNAL') return 500;
  return 409;
}

async function handleStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'text/plain', 'method not allowed');
  }
  const file = resolveStatic(root, path);
  if (!file) return send(res, 404, 'text/plain', 'not found');
  const body = await readFile(file.path);
  res.writeHead(200, {
    ...securityHeaders(),
    'Content-Type': file.contentType,
    'Content-Length': String(body.length),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendEnvelope(
  res: ServerResponse,
  status: number,
  e: Envelope<unknown>,
): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(e));
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
): void {
  res.writeHead(status, {
    ...securityHeaders(),
    'Content-Type': type,
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}
