/**
 * Domain types shared by the engine, the CLI and the renderer.
 *
 * Pure TypeScript: nothing here may import Node, Electron or the DOM.
 */

/** The normalized categories every event falls into. */
export const CATEGORIES = [
  'sign-in',
  'mail',
  'file',
  'sharing',
  'admin',
  'role',
  'app-consent',
  'mfa',
  'policy',
  'other',
] as const;

/** A normalized event category. */
export type Category = (typeof CATEGORIES)[number];

/** Every outcome of the action a record describes. */
export const RESULTS = ['success', 'failure', 'unknown'] as const;

/** Outcome of the action a record describes. */
export type Result = (typeof RESULTS)[number];

/** The export formats the importer recognises from file content. */
export const FORMATS = [
  'ual-json',
  'ual-csv',
  'ual-formatlist',
  'entra-signin-json',
  'entra-signin-csv',
  'entra-audit-json',
  'gws-reports-json',
  'gws-csv',
] as const;

/** An export format recognised by the importer. */
export type Format = (typeof FORMATS)[number];

/**
 * A log family: m365-ual, entra-signin, entra-audit, or gws-<application>.
 */
export type Source = string;

/** Geolocation and network ownership of one IP address. */
export interface Geo {
  country: string | null;
  region: string | null;
  city: string | null;
  lat: number | null;
  lon: number | null;
  asn: number | null;
  asOrg: string | null;
}

/**
 * One normalized event as the engine stores it: a single source record,
 * translated to common fields, with its provenance.
 */
export interface EventRecord {
  id: number;
  timeMs: number;
  timeUtc: string;
  timeText: string;
  source: Source;
  workload: string | null;
  operation: string;
  category: Category;
  result: Result;
  resultCode: string | null;
  actor: string | null;
  actorOriginal: string | null;
  actorId: string | null;
  target: string | null;
  ip: string | null;
  ipOriginal: string | null;
  port: number | null;
  userAgent: string | null;
  clientApp: string | null;
  sessionId: string | null;
  correlationId: string | null;
  recordId: string | null;
  tenantId: string | null;
  geo: Geo;
  sourceLocation: string | null;
  evidenceId: number;
  byteOffset: number;
  byteLength: number;
  line: number | null;
  row: number | null;
  conflict: boolean;
  details: Record<string, unknown> | null;
}

/** Severity of an import warning. */
export type Severity = 'info' | 'warning' | 'error';

/** A problem found while importing, stored with its position. */
export interface ImportWarning {
  id: number;
  evidenceId: number;
  line: number | null;
  byteOffset: number | null;
  severity: Severity;
  code: string;
  message: string;
}

/** Counts of one import; read = imported + duplicates + rejected. */
export interface ImportCounts {
  read: number;
  imported: number;
  duplicates: number;
  rejected: number;
}

/** An imported file as stored, byte-exact, inside the case. */
export interface EvidenceItem {
  id: number;
  sha256: string;
  size: number;
  originalName: string;
  importedAt: string;
  examiner: string;
  format: string;
  encoding: string;
  importerVersion: string;
  status: 'importing' | 'complete';
  counts: ImportCounts;
  firstTime: string | null;
  lastTime: string | null;
}

/** Case metadata: who works the case and how it is displayed. */
export interface CaseInfo {
  caseNumber: string;
  title: string;
  examiner: string;
  createdAt: string;
  toolVersion: string;
  displayTimeZone: string;
  catalogVersion: string | null;
}

/** A travel exception: the user may sign in from the country in a window. */
export interface TravelException {
  user: string;
  country: string;
  from: string;
  to: string;
}

/** The tenant policy of a case; detections compare events against it. */
export interface Policy {
  allowedCountries: string[];
  allowedRegions: Record<string, string[]>;
  trustedNetworks: string[];
  trustedAsns: number[];
  travelExceptions: TravelException[];
  thresholds: Record<string, number>;
}

/** The empty policy of a new case. */
export const EMPTY_POLICY: Policy = {
  allowedCountries: [],
  allowedRegions: {},
  trustedNetworks: [],
  trustedAsns: [],
  travelExceptions: [],
  thresholds: {},
};
