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

/** What common system errors mean to the user, and their exit code. */
const SYSTEM_ERRORS: Record<string, [string, number]> = {
  ENOENT: ['no such file or folder', EXIT.inputRefused],
  ENOTDIR: ['a part of the path is not a folder', EXIT.inputRefused],
  EISDIR: ['is a folder, not a file', EXIT.inputRefused],
  EACCES: ['permission denied', EXIT.inputRefused],
  EPERM: ['operation not permitted', EXIT.inputRefused],
  EROFS: ['the file system is read-only', EXIT.inputRefused],
  EADDRINUSE: ['the port is already in use: choose another with --port',
    EXIT.usage],
  SQLITE_BUSY: ['case is in use: another process is writing it; wait ' +
    'for it to finish', EXIT.caseProblem],
};

function report(err: unknown): number {
  if (err instanceof TrailError) {
    process.stderr.write(`error: ${err.message}\n`);
    return exitCodeFor(err.code);
  }
  const sys = err as NodeJS.ErrnoException;
  const known = sys?.code ? SYSTEM_ERRORS[sys.code] : undefined;
  if (known) {
    const where = sys.path ? `${sys.path}: ` : '';
    process.stderr.write(`error: ${where}${known[0]}\n`);
    return known[1];
  }
  const e = err as Error;
  process.stderr.write(
    `internal error: ${e.message}\n${e.stack ?? ''}\n` +
      'This is a bug in Tenant Trail; please report it with the lines above.\n',
  );
  return EXIT.internal;
}
