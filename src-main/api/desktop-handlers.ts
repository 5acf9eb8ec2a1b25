/**
 * Handlers of the calls that need native dialogs. They run in the
 * desktop app; `serve` answers them with a refusal.
 */
import type { CallName } from '../../src-shared/contract.js';
import { TrailError } from '../../src-shared/errors.js';
import type { ApiContext, DesktopServices } from './api-context.js';
import type { HandlerMap } from './dispatch.js';

type DesktopCalls = 'newCase' | 'openCase' | 'importFiles' | 'recentCases';

function desktopOf(ctx: ApiContext, call: CallName): DesktopServices {
  if (ctx.desktop) return ctx.desktop;
  throw new TrailError(
    'NOT_SUPPORTED',
    `${call} is not supported in browser mode: it needs the desktop app ` +
      '(use the tenant-trail command line to create cases and import files)',
  );
}

/** Handlers of the desktop-only calls. */
export const desktopHandlers: HandlerMap<DesktopCalls> = {
  newCase: (ctx, req) => desktopOf(ctx, 'newCase').newCase(req),
  openCase: (ctx, req) => desktopOf(ctx, 'openCase').openCase(req),
  importFiles: (ctx, req) => desktopOf(ctx, 'importFiles').importFiles(req),
  recentCases: (ctx) => desktopOf(ctx, 'recentCases').recentCases(),
};
