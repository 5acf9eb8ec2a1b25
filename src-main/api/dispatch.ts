/**
 * The one entry point of every call, whatever the transport: the name is
 * checked against the contract, the request validated by its schema, the
 * handler run, and the outcome returned as an envelope.
 */
import type { ZodError } from 'zod';
import {
  isCallName,
  REQUESTS,
  type CallName,
  type Envelope,
  type ResponseOf,
  type ValidRequestOf,
} from '../../src-shared/contract.js';
import type { ApiContext } from './api-context.js';
import { fail, failureOf, ok } from './envelope.js';

/** The handler of one call. */
export type Handler<N extends CallName> = (
  ctx: ApiContext,
  req: ValidRequestOf<N>,
) => ResponseOf<N> | Promise<ResponseOf<N>>;

/** Handlers for a set of calls. */
export type HandlerMap<K extends CallName> = { [N in K]: Handler<N> };

/** A handler for every call of the contract. */
export type Handlers = HandlerMap<CallName>;

/** Validates and runs one call; never throws. */
export async function dispatch(
  handlers: Handlers,
  ctx: ApiContext,
  name: string,
  raw: unknown,
): Promise<Envelope<unknown>> {
  if (!isCallName(name)) {
    return fail('BAD_REQUEST', `there is no call named ${quote(name)}`);
  }
  const parsed = REQUESTS[name].safeParse(raw);
  if (!parsed.success) {
    return fail('BAD_REQUEST', describeIssues(name, parsed.error));
  }
  try {
    const handler = handlers[name] as Handler<CallName>;
    return ok(await handler(ctx, parsed.data as never));
  } catch (err) {
    return failureOf(err, ctx.log);
  }
}

/** Explains why a request was refused, naming each field at fault. */
export function describeIssues(name: CallName, error: ZodError): string {
  const shown = error.issues.slice(0, 5).map((i) => {
    const where = i.path.length ? i.path.join('.') : 'request';
    return `${where}: ${i.message}`;
  });
  const more = error.issues.length > 5 ? ` (+${error.issues.length - 5})` : '';
  return `malformed ${name} request: ${shown.join('; ')}${more}`;
}

function quote(name: string): string {
  return JSON.stringify(name.slice(0, 64));
}
