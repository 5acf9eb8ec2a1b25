/**
 * The diagnostics log of the workbench back end: one logger per
 * subsystem, one JSON line per message, secrets never written.
 */

/** Levels that mean something: warn is a real warning. */
export type Level = 'debug' | 'info' | 'warn' | 'error';

/** Structured fields of one message. */
export type Fields = Record<string, string | number | boolean | null>;

/** A subsystem's logger. */
export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
}

const SECRET_KEY = /token|cookie|authorization|password|secret/i;
const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Creates a logger that writes JSON lines at or above a level. */
export function createLogger(
  subsystem: string,
  write: (line: string) => void = (l) => process.stderr.write(l),
  minLevel: Level = 'info',
): Logger {
  const emit = (level: Level) => (message: string, fields: Fields = {}) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    const entry = { at: new Date().toISOString(), level, subsystem, message };
    write(`${JSON.stringify({ ...entry, ...redact(fields) })}\n`);
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
  };
}

/** Replaces the values of fields whose names suggest a secret. */
export function redact(fields: Fields): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = SECRET_KEY.test(k) ? '[redacted]' : v;
  }
  return out;
}

/** A logger that drops everything, for tests. */
export const SILENT: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
