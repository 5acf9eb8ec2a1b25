/**
 * The manifest's prose and policy: the tenant's approved locations, the
 * benign events that could look suspicious, and the records that appear
 * in two logs.
 */
import type { Policy } from '../../src-shared/domain.js';
import { BENIGN_ROLE } from './admin.js';
import {
  GRAPH_START,
  WINDOW_END,
  WINDOW_START,
  dateOf,
  isoMs,
} from './clock.js';
import { OFFICE_IPS } from './ip-plan.js';
import type {
  BenignNote,
  DemoFile,
  DemoManifest,
  IncidentFacts,
  Overlaps,
} from './manifest.js';
import { FILES, ualFile, type UalLayout } from './routes.js';
import { LEAVER_DAY, NEW_ADMIN_DAY } from './scenario.js';
import type { World } from './world.js';

/** Day of the field engineer's documented trip to Glasgow. */
export const TRIP_DAY = 5;

/** The demo tenant's policy: US, England and India are approved. */
export function demoPolicy(): Policy {
  return {
    allowedCountries: ['US', 'GB', 'IN'],
    allowedRegions: { GB: ['England'] },
    trustedNetworks: Object.values(OFFICE_IPS).flat()
      .map((i) => `${i.ip}/32`),
    trustedAsns: [],
    travelExceptions: [],
    thresholds: {},
  };
}

function benign(w: World, layout: UalLayout): BenignNote[] {
  const { fieldEngineer, newAdmin, itAdmin, leaver } = w.scenario.cast;
  const ual = ualFile(layout, 'exsp');
  return [
    { what: 'Work from hotel Wi-Fi in Glasgow (GB, Scotland), outside the ' +
      'approved region England', user: fieldEngineer.upn,
    time: dateOf(TRIP_DAY), file: `${FILES.portalSignIns}, ${ual}`,
    why: 'Field service visit at a customer site in Scotland; the ' +
      'only activity of the window from the non-approved part of the UK.' },
    { what: `Role "${BENIGN_ROLE}" granted`, user: newAdmin.upn,
      time: dateOf(NEW_ADMIN_DAY + 1), file: FILES.audit,
      why: `New messaging administrator, account created by ` +
        `${itAdmin.upn} on ${dateOf(NEW_ADMIN_DAY)} from the Milwaukee ` +
        'office during office hours.' },
    { what: 'Repeated sign-in failures 50057 (account disabled)',
      user: leaver.upn, time: `${dateOf(LEAVER_DAY)} to ` +
        `${dateOf(LEAVER_DAY + 3)}`, file: FILES.graphSignIns,
      why: 'Leaver; his phone keeps trying after IT disabled the account.' },
    { what: 'Inbox rules named "Newsletters" (MoveToFolder Newsletters)',
      user: 'several', time: 'various', file: ual,
      why: 'Users filing trade newsletters; no forwarding or deletion.' },
  ];
}

function overlaps(): Overlaps {
  return {
    duplicateRecordIds: [],
    notes: [
      `${FILES.portalSignIns} holds interactive sign-ins before ` +
        `${isoMs(GRAPH_START)}; ${FILES.graphSignIns} holds interactive ` +
        'and non-interactive sign-ins from then on. No Request ID is in ' +
        'both. Non-interactive sign-ins before that instant are in ' +
        'neither file (a coverage gap, as in real cases).',
      'UAL UserLoggedIn/UserLoginFailed records copy interactive Entra ' +
        'sign-ins: AuditData.IntraSystemId is the signIn id (Request ID) ' +
        'and InterSystemsId its correlationId. Same event, two logs; the ' +
        'UAL Id differs.',
      'UAL RecordType 8 records copy Core Directory audit events ' +
        '(InterSystemsId = correlationId, operation with a trailing period).',
      'Google login and user_accounts both report 2sv_disable and ' +
        'email_forwarding_out_of_domain of incident 3, each as its own ' +
        'activity with its own uniqueQualifier.',
    ],
  };
}

/** The manifest of a finished run. */
export function describeScenario(
  w: World,
  layout: UalLayout,
  files: DemoFile[],
  incidents: IncidentFacts[],
): DemoManifest {
  const c = w.company;
  return {
    seed: w.seed,
    mode: layout === 'split' ? 'normal' : 'scale',
    company: { name: c.name, m365Domain: c.domain, gwsDomain: c.gwsDomain,
      tenantId: c.tenantId, gwsCustomerId: c.gwsCustomerId },
    window: { start: isoMs(WINDOW_START), end: isoMs(WINDOW_END) },
    users: w.people.length,
    gwsUsers: w.scenario.gwsPeople.length,
    policy: demoPolicy(),
    files,
    totalRecords: files.reduce((n, f) => n + f.records, 0),
    incidents,
    benign: benign(w, layout),
    overlaps: overlaps(),
  };
}
