/**
 * Handlers of the pivots: users, one user, one IP address, and the
 * import warnings.
 */
import { GEO_CREDIT } from '../enrich/geoip.js';
import { ipFacts } from '../query/ip-query.js';
import type { UserSummary } from '../../src-shared/contract.js';
import { pageUsers, userFacts } from '../query/users-query.js';
import { queryWarnings } from '../query/warnings-query.js';
import { sessionOf } from './api-context.js';
import type { HandlerMap } from './dispatch.js';
import { userFindings } from './finding-handlers.js';

type PivotCalls = 'listUsers' | 'userProfile' | 'ipProfile' | 'listWarnings';

/** Handlers of the pivot calls. */
export const pivotHandlers: HandlerMap<PivotCalls> = {
  listUsers: async (ctx, req) => {
    const s = sessionOf(ctx);
    const all = await s.cachedAsync('users', () =>
      s.analytics.run<UserSummary[]>({ kind: 'users' }),
    );
    return pageUsers(all, req);
  },

  userProfile: (ctx, req) => ({
    ...userFacts(sessionOf(ctx).db, req.user),
    findings: userFindings(ctx, req.user),
    geoCredit: GEO_CREDIT,
  }),

  ipProfile: (ctx, req) => ({
    ...ipFacts(sessionOf(ctx).db, req.ip),
    geoCredit: GEO_CREDIT,
  }),

  listWarnings: (ctx, req) => queryWarnings(sessionOf(ctx).db, req),
};
