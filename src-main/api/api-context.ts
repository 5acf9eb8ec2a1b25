/**
 * What every handler is given: the open case, the catalog, a logger and,
 * in the desktop app only, the services behind its dialogs.
 */
import type {
  ImportedFile,
  RecentCase,
  ValidRequestOf,
} from '../../src-shared/contract.js';
import { TrailError } from '../../src-shared/errors.js';
import type { Catalog } from '../catalog/catalog.js';
import type { CaseSession } from './case-session.js';
import type { Logger } from './logger.js';

/** Case management that needs native dialogs: the desktop app only. */
export interface DesktopServices {
  newCase(req: ValidRequestOf<'newCase'>): Promise<{ path: string } | null>;
  openCase(req: ValidRequestOf<'openCase'>): Promise<{ path: string } | null>;
  importFiles(req: ValidRequestOf<'importFiles'>): Promise<ImportedFile[]>;
  recentCases(): RecentCase[];
  /** Asks for an evidence bundle to verify; null when cancelled. */
  chooseBundle?(): Promise<string | null>;
}

/** The environment handlers run in. */
export interface ApiContext {
  /** The open case, or null when none is open yet (desktop app). */
  currentSession(): CaseSession | null;
  catalog(): Catalog;
  log: Logger;
  /** Null under `serve`, which has no native dialogs. */
  desktop: DesktopServices | null;
}

/** The open case; a failure when no case is open. */
export function sessionOf(ctx: ApiContext): CaseSession {
  const s = ctx.currentSession();
  if (!s) {
    throw new TrailError(
      'CASE_NOT_FOUND',
      'no case is open: create one or open one from the File menu',
    );
  }
  return s;
}
