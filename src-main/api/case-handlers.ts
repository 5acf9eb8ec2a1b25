/**
 * Handlers of the calls about the tool and the open case.
 */
import { readCaseInfo } from '../case/case-file.js';
import { GEO_CREDIT } from '../enrich/geoip.js';
import {
  countWarnings,
  listEvidence,
  listGeoDatabases,
  searchState,
  timelineSpan,
} from '../query/case-overview.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { sessionOf } from './api-context.js';
import type { HandlerMap } from './dispatch.js';

/** Credits of the data bundled with the tool, shown in About. */
export const ATTRIBUTIONS: readonly string[] = [
  'IP geolocation: DB-IP Lite City (https://db-ip.com), licensed under ' +
    'CC BY 4.0, packaged by ip-location-db (https://github.com/sapics/' +
    'ip-location-db).',
  'ASN data: RouteViews, NRO and DB-IP, licensed under CC BY 4.0, ' +
    'packaged by ip-location-db.',
  'World map: Natural Earth via world-atlas (public domain).',
  'Timeline grid: AG Grid Community (MIT). Charts: uPlot (MIT).',
];

/** Handlers of about and caseInfo. */
export const caseHandlers: HandlerMap<'about' | 'caseInfo'> = {
  about: () => ({
    toolName: TOOL_NAME,
    toolVersion: TOOL_VERSION,
    geoCredit: GEO_CREDIT,
    attributions: [...ATTRIBUTIONS],
  }),

  caseInfo: async (ctx) => {
    const s = sessionOf(ctx);
    const span = timelineSpan(s.db);
    const sources = await s.cachedAsync('sources', () =>
      s.analytics.run<string[]>({ kind: 'sources' }),
    );
    return {
      path: s.path,
      readonly: s.readOnly,
      info: readCaseInfo(s.db),
      evidence: listEvidence(s.db),
      warningCount: countWarnings(s.db),
      eventCount: span.count,
      firstMs: span.firstMs,
      lastMs: span.lastMs,
      sources,
      geoDatabases: listGeoDatabases(s.db),
      geoCredit: GEO_CREDIT,
      catalogVersion: ctx.catalog().version,
      searchIndex: searchState(s.db),
    };
  },
};
