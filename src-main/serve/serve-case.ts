/**
 * The composition root of browser mode: open the case, build the API
 * context, start the server on 127.0.0.1.
 */
import type { ApiContext } from '../api/api-context.js';
import { CaseSession } from '../api/case-session.js';
import { HANDLERS } from '../api/handlers.js';
import { createLogger, type Logger } from '../api/logger.js';
import { loadCatalog } from '../catalog/catalog.js';
import { distPath } from '../util/paths.js';
import { startServer, type RunningServer } from './server.js';

/** Choices of a browser-mode session. */
export interface ServeCaseOptions {
  port?: number;
  examiner?: string;
  readOnly?: boolean;
  staticRoot?: string;
  token?: string;
  log?: Logger;
}

/** A served case: the server and the session behind it. */
export interface ServedCase extends RunningServer {
  session: CaseSession;
}

/** Opens a case read-only and serves the workbench for it. */
export async function serveCase(
  casePath: string,
  o: ServeCaseOptions = {},
): Promise<ServedCase> {
  const session = CaseSession.open(casePath, {
    examiner: o.examiner,
    readOnly: o.readOnly,
  });
  const context: ApiContext = {
    currentSession: () => session,
    catalog: loadCatalog,
    log: o.log ?? createLogger('serve'),
    desktop: null,
  };
  try {
    const running = await startServer({
      handlers: HANDLERS,
      context,
      staticRoot: o.staticRoot ?? distPath('renderer'),
      port: o.port,
      token: o.token,
    });
    const close = async () => {
      await running.close();
      await session.closeWhenIdle();
    };
    return { ...running, session, close };
  } catch (err) {
    session.close();
    throw err;
  }
}
