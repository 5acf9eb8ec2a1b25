/**
 * The one wrapper every command runs in: expected failures become a
 * one-line message and a documented exit code, never a stack trace.
 */
import { TrailError } from '../../src-shared/errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';

/** Wraps a command action with error handling and exit codes. */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<number | void> | number | void,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? EXIT.ok;
    } catch (err) {
      process.exitCode = report(err);
    }
  };
}

function report(err: unknown): number {
  if (err instanceof TrailError) {
    process.stderr.write(`error: ${err.message}\n`);
    return exitCodeFor(err.code);
  }
  const e = err as Error;
  process.stderr.write(
    `internal error: ${e.message}\n${e.stack ?? ''}\n` +
      'This is a bug in Tenant Trail; please report it with the lines above.\n',
  );
  return EXIT.internal;
}
