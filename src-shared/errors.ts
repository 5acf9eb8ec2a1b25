/**
 * The closed set of failure codes that cross process and IPC boundaries.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'NOT_SUPPORTED',
  'NOT_FOUND',
  'CASE_NOT_FOUND',
  'CASE_EXISTS',
  'CASE_CORRUPT',
  'CASE_IN_USE',
  'CASE_TOO_NEW',
  'CASE_READ_ONLY',
  'FILE_NOT_FOUND',
  'NOT_A_LOG',
  'AMBIGUOUS_DATE_ORDER',
  'IMPORT_FAILED',
  'VERIFY_FAILED',
  'INTERNAL',
] as const;

/** A failure code from the closed set. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An expected failure with a code and a message meant for the user. */
export class TrailError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'TrailError';
    this.code = code;
  }
}

/** True when a value is one of the known error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return (ERROR_CODES as readonly unknown[]).includes(value);
}
