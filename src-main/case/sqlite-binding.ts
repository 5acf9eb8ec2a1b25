/**
 * Which compiled better-sqlite3 addon case files are opened with. Under
 * Node the package's own build serves; the desktop app may be handed an
 * addon built for Electron's ABI, kept apart so the command line keeps
 * working with the Node build.
 */
import type Database from 'better-sqlite3';

/** The variable `npm start` names an Electron-built addon in. */
export const SQLITE_BINDING_ENV = 'TENANT_TRAIL_SQLITE_BINDING';

// Read at load as well, so worker threads (which get a copy of the
// environment) open cases with the same addon as the main thread.
let binding: string | undefined = process.env[SQLITE_BINDING_ENV] || undefined;

/** Uses the addon at `path` for every later open; undefined resets. */
export function useNativeBinding(path: string | undefined): void {
  binding = path || undefined;
}

/** The options every open passes to better-sqlite3. */
export function bindingOptions(): Database.Options {
  return binding ? { nativeBinding: binding } : {};
}
