/**
 * Exit codes of the command-line tool, documented in the README.
 */
import type { ErrorCode } from '../../src-shared/errors.js';

/** Exit codes and what they mean. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  caseProblem: 3,
  inputRefused: 4,
  verifyFailed: 5,
} as const;

/** The exit code for an error code. */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'CASE_NOT_FOUND':
    case 'CASE_EXISTS':
    case 'CASE_CORRUPT':
    case 'CASE_IN_USE':
    case 'CASE_TOO_NEW':
    case 'CASE_READ_ONLY':
      return EXIT.caseProblem;
    case 'FILE_NOT_FOUND':
    case 'NOT_A_LOG':
    case 'AMBIGUOUS_DATE_ORDER':
    case 'IMPORT_FAILED':
      return EXIT.inputRefused;
    case 'VERIFY_FAILED':
      return EXIT.verifyFailed;
    case 'BAD_REQUEST':
    case 'NOT_SUPPORTED':
    case 'NOT_FOUND':
      return EXIT.usage;
    case 'INTERNAL':
      return EXIT.internal;
  }
}
