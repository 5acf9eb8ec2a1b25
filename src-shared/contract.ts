/**
 * The one contract between the renderer and the engine: every call the
 * renderer may make, the schema its request must pass, and the type of
 * its response. Electron IPC, the preload and the `serve` HTTP transport
 * all derive from it; the renderer imports its types only.
 *
 * Pure TypeScript plus zod: no Node, Electron or DOM here.
 */
import { z } from 'zod';
import { CATEGORIES, RESULTS } from './domain.js';
import type {
  CaseInfo,
  Category,
  EventRecord,
  EvidenceItem,
  Geo,
  ImportCounts,
  Policy,
  Result,
  Severity,
} from './domain.js';
import type { ErrorCode } from './errors.js';

/** A failure as it crosses a process boundary: a closed code, a message. */
export interface ApiError {
  code: ErrorCode;
  message: string;
}

/** What every call answers: its value, or a failure as a value. */
export type Envelope<T> =
  | { ok: true; value: T }
  | { ok: false; error: ApiError };

const MAX_PAGE = 1000;

const text = (max: number) => z.string().max(max);
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const epochMs = z.number().int().min(-8.64e15).max(8.64e15);
const row = z.number().int().min(0).max(1_000_000_000);

/** A tag: a short label without control or formatting characters. */
export const tagSchema = z
  .string()
  .trim()
  .min(1, 'a tag cannot be empty')
  .max(64, 'a tag has at most 64 characters')
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'a tag cannot hold control characters');

/** Columns the timeline can be sorted by (the query layer's whitelist). */
export const SORT_COLUMNS = [
  'time',
  'source',
  'operation',
  'category',
  'result',
  'user',
  'ip',
  'country',
  'city',
  'asn',
  'app',
  'target',
] as const;

/** A column the timeline can be sorted by. */
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** Filters of the timeline; every filter given must hold. */
export const eventFilterSchema = z
  .object({
    user: text(320),
    ip: text(64),
    country: z.string().regex(/^[A-Za-z]{2}$/, 'a two-letter country code'),
    operation: text(256),
    source: text(64),
    category: z.enum(CATEGORIES),
    result: z.enum(RESULTS),
    evidenceId: id,
    fromMs: epochMs,
    toMs: epochMs,
    search: text(500),
    city: text(200),
    asn: z.number().int().min(0).max(4_294_967_295),
    app: text(256),
    workload: text(256),
    target: text(2048),
    bookmarked: z.literal(true),
    tag: tagSchema,
    noted: z.literal(true),
    findingId: id,
    inFinding: z.literal(true),
  })
  .partial()
  .strict();

/** Filters of the timeline as the renderer sends them. */
export type EventFilter = z.input<typeof eventFilterSchema>;

const sortSchema = z
  .object({ column: z.enum(SORT_COLUMNS), descending: z.boolean() })
  .strict();

interface PageBounds {
  startRow: number;
  endRow: number;
}

function paged<T extends z.ZodRawShape>(shape: T) {
  const ordered = (r: PageBounds) => r.endRow > r.startRow;
  const small = (r: PageBounds) => r.endRow - r.startRow <= MAX_PAGE;
  return z
    .object({ ...shape, startRow: row, endRow: row })
    .strict()
    .refine((r) => ordered(r as PageBounds), 'endRow must be above startRow')
    .refine(
      (r) => small(r as PageBounds),
      `a page holds at most ${MAX_PAGE} rows`,
    );
}

/** Sortable columns of the users grid. */
export const USER_SORT_COLUMNS = [
  'user',
  'events',
  'firstSeen',
  'lastSeen',
  'countries',
  'ips',
  'failedSignIns',
] as const;

/** A column the users grid can be sorted by. */
export type UserSortColumn = (typeof USER_SORT_COLUMNS)[number];

const none = z.object({}).strict();

/** The request schema of every call, by call name. */
/** Sortable columns of the findings grid. */
export const FINDING_SORT_COLUMNS = [
  'severity', 'time', 'rule', 'actor', 'count', 'status',
] as const;

/** A column the findings grid sorts by. */
export type FindingSortColumn = (typeof FINDING_SORT_COLUMNS)[number];

/** Severities of findings, least severe first. */
export const FINDING_SEVERITIES = [
  'low', 'medium', 'high', 'critical',
] as const;

/** Review statuses of findings. */
export const FINDING_STATUSES = ['open', 'reviewed', 'false-positive'] as const;

export const REQUESTS = {
  about: none,
  caseInfo: none,
  queryEvents: paged({
    filter: eventFilterSchema,
    sort: sortSchema.optional(),
  }),
  countEvents: z.object({ filter: eventFilterSchema }).strict(),
  histogram: z
    .object({
      filter: eventFilterSchema,
      buckets: z.number().int().min(1).max(2000),
    })
    .strict(),
  eventDetail: z.object({ id }).strict(),
  listUsers: paged({
    search: text(320).optional(),
    sort: z
      .object({
        column: z.enum(USER_SORT_COLUMNS),
        descending: z.boolean(),
      })
      .strict()
      .optional(),
  }),
  userProfile: z.object({ user: text(320).min(1) }).strict(),
  ipProfile: z.object({ ip: text(64).min(1) }).strict(),
  listWarnings: paged({ evidenceId: id.optional() }),
  listTags: none,
  setBookmark: z.object({ eventId: id, bookmarked: z.boolean() }).strict(),
  addTag: z.object({ eventId: id, tag: tagSchema }).strict(),
  removeTag: z.object({ eventId: id, tag: tagSchema }).strict(),
  addNote: z
    .object({
      eventId: id,
      text: z.string().trim().min(1, 'a note cannot be empty').max(10_000),
    })
    .strict(),
  newCase: z
    .object({
      title: text(200).min(1),
      caseNumber: text(100).min(1),
      examiner: text(200).min(1),
      displayTimeZone: text(64).optional(),
    })
    .strict(),
  openCase: z.object({ path: text(4096).optional() }).strict(),
  importFiles: z
    .object({ paths: z.array(text(4096).min(1)).max(1000).optional() })
    .strict(),
  recentCases: none,
  listFindings: paged({
    severity: z.array(z.enum(FINDING_SEVERITIES)).max(4).optional(),
    status: z.array(z.enum(FINDING_STATUSES)).max(3).optional(),
    rule: text(100).optional(),
    user: text(320).optional(),
    sort: z
      .object({
        column: z.enum(FINDING_SORT_COLUMNS),
        descending: z.boolean(),
      })
      .strict()
      .optional(),
  }),
  findingDetail: z.object({ id }).strict(),
  reviewFinding: z
    .object({
      id,
      status: z.enum(FINDING_STATUSES),
      note: z.string().trim().max(10_000),
    })
    .strict(),
  casePolicy: none,
  // The policy's own schema (main process) validates it field by field.
  setPolicy: z
    .object({
      policy: z.custom<Policy>(
        (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
        'a policy object',
      ),
    })
    .strict(),
  verifyBundle: z
    .object({
      path: text(4096).min(1).optional(),
      fingerprint: text(200).optional(),
    })
    .strict(),
} as const;

/** The name of a call in the contract. */
export type CallName = keyof typeof REQUESTS;

/** Every call name, in contract order. */
export const CALLS = Object.keys(REQUESTS) as CallName[];

/** Calls only the desktop app answers; `serve` refuses them. */
export const DESKTOP_ONLY_CALLS: readonly CallName[] = [
  'newCase',
  'openCase',
  'importFiles',
  'recentCases',
];

/** The request of a call as the renderer writes it. */
export type RequestOf<N extends CallName> = z.input<(typeof REQUESTS)[N]>;

/** The request of a call after validation, as handlers receive it. */
export type ValidRequestOf<N extends CallName> = z.output<
  (typeof REQUESTS)[N]
>;

/** Tool name, version and the credits of bundled data. */
export interface AboutInfo {
  toolName: string;
  toolVersion: string;
  geoCredit: string;
  attributions: string[];
}

/** A GeoIP database pair that enriched events of the case. */
export interface GeoDatabaseInfo {
  id: number;
  cityName: string;
  cityBuildDate: string;
  asnName: string;
  asnBuildDate: string;
}

/** Everything the workbench shows about the open case. */
export interface CaseOverview {
  path: string;
  readonly: boolean;
  info: CaseInfo;
  evidence: EvidenceItem[];
  warningCount: number;
  eventCount: number;
  firstMs: number | null;
  lastMs: number | null;
  sources: string[];
  geoDatabases: GeoDatabaseInfo[];
  geoCredit: string;
  catalogVersion: string;
  searchIndex: { indexedThrough: number; pending: number; ready: boolean };
}

/** One timeline row: the columns of the grid, nothing more. */
export interface TimelineRow {
  id: number;
  timeMs: number;
  source: string;
  operation: string;
  meaning: string | null;
  category: Category;
  result: Result;
  resultCode: string | null;
  user: string | null;
  ip: string | null;
  country: string | null;
  city: string | null;
  asn: number | null;
  asOrg: string | null;
  app: string | null;
  workload: string | null;
  target: string | null;
  userAgent: string | null;
  bookmarked: boolean;
}

/** A page of the timeline; lastRow is known once the end is reached. */
export interface EventPageResult {
  rows: TimelineRow[];
  lastRow: number | null;
  searchMode: 'fts' | 'like';
}

/** Event counts per time bucket; the bucket size is chosen by the engine. */
export interface Histogram {
  fromMs: number;
  bucketMs: number;
  counts: number[];
  total: number;
}

/** Where a record sits in the evidence. */
export interface Provenance {
  evidenceId: number;
  fileName: string;
  sha256: string;
  format: string;
  encoding: string;
  byteOffset: number;
  byteLength: number;
  line: number | null;
  row: number | null;
}

/** The original record, decoded from the stored bytes. */
export interface OriginalRecord {
  text: string;
  pretty: string | null;
  kind: 'json' | 'csv' | 'text';
  fallbackDecoding: boolean;
}

/** A note an examiner wrote on an event. */
export interface NoteInfo {
  id: number;
  text: string;
  createdAt: string;
  examiner: string;
}

/** Bookmark, tags and notes of one event. */
export interface Annotations {
  eventId: number;
  bookmarked: boolean;
  tags: string[];
  notes: NoteInfo[];
}

/** What the catalog says about an operation or a result code. */
export interface Meaning {
  meaning: string;
  why: string | null;
  category: Category;
}

/** Everything about one event, down to its bytes in the evidence. */
export interface EventDetail {
  event: EventRecord;
  original: OriginalRecord;
  provenance: Provenance;
  occurrences: Provenance[];
  operationMeaning: Meaning | null;
  resultCodeMeaning: Meaning | null;
  annotations: Annotations;
}

/** One actor of the case, summarized. */
export interface UserSummary {
  user: string;
  events: number;
  firstMs: number;
  lastMs: number;
  countries: string[];
  ips: number;
  failedSignIns: number;
}

/** A page of a list with its total. */
export interface Page<T> {
  rows: T[];
  total: number;
}

/** A value and how often it occurs. */
export interface Counted {
  value: string;
  count: number;
}

/** One IP address as a user was seen from it. */
export interface IpUse {
  ip: string;
  count: number;
  firstMs: number;
  lastMs: number;
  country: string | null;
  city: string | null;
  asn: number | null;
  asOrg: string | null;
}

/** A sign-in location with its counts, for the map. */
export interface SignInPoint {
  lat: number;
  lon: number;
  country: string | null;
  city: string | null;
  count: number;
  failures: number;
}

/** Events per UTC day. */
export interface DayCount {
  day: string;
  count: number;
}

/** Everything the user page shows besides the user's own timeline. */
export interface UserProfile {
  user: string;
  events: number;
  firstMs: number | null;
  lastMs: number | null;
  failedSignIns: number;
  countries: Counted[];
  ips: IpUse[];
  userAgents: Counted[];
  apps: Counted[];
  clients: Counted[];
  activity: DayCount[];
  signInPoints: SignInPoint[];
  findings: FindingInfo[];
  geoCredit: string;
}

/** A user as seen from one IP address. */
export interface IpUser {
  user: string;
  count: number;
  firstMs: number;
  lastMs: number;
}

/** Everything the IP page shows besides the IP's own timeline. */
export interface IpProfile {
  ip: string;
  events: number;
  firstMs: number | null;
  lastMs: number | null;
  geo: Geo;
  users: IpUser[];
  sources: Counted[];
  geoCredit: string;
}

/** A finding as the workbench shows it. */
export interface FindingInfo {
  id: number;
  ruleId: string;
  title: string;
  severity: (typeof FINDING_SEVERITIES)[number];
  technique: string;
  actor: string | null;
  firstMs: number;
  lastMs: number;
  eventCount: number;
  explanation: string;
  matched: Record<string, unknown>;
  status: (typeof FINDING_STATUSES)[number];
  reviewNote: string | null;
}

/** A finding with what its rule looks for. */
export interface FindingDetailInfo {
  finding: FindingInfo;
  ruleDescription: string | null;
}

/** One threshold of the policy: its value, default and meaning. */
export interface ThresholdInfo {
  name: string;
  value: number;
  defaultValue: number;
  meaning: string;
  /** True when the case sets it (not the default). */
  set: boolean;
}

/** The tenant policy with the thresholds spelled out. */
export interface PolicyInfo {
  policy: Policy;
  thresholds: ThresholdInfo[];
}

/** The verdict on an evidence bundle. */
export interface BundleVerdict {
  path: string;
  ok: boolean;
  problems: { file: string; problem: string }[];
  checked: number;
  fingerprint: string | null;
  caseNumber: string | null;
  exportedAt: string | null;
  exportedBy: string | null;
}

/** An import warning with the name of its evidence file. */
export interface WarningRow {
  id: number;
  evidenceId: number;
  fileName: string;
  line: number | null;
  byteOffset: number | null;
  severity: Severity;
  code: string;
  message: string;
}

/** A case the desktop app opened before. */
export interface RecentCase {
  path: string;
  openedAt: string;
}

/** What happened to one imported file, as the workbench shows it. */
export interface ImportedFile {
  name: string;
  status: 'imported' | 'already-imported' | 'refused';
  sha256: string;
  counts: ImportCounts;
  warnings: number;
  message: string | null;
}

/** Progress of an import, pushed from the engine to the window. */
export interface ImportProgressEvent {
  fileIndex: number;
  fileCount: number;
  name: string;
  phase: 'hash' | 'import' | 'index';
  done: number;
  total: number;
}

/** A menu command the desktop shell asks the window to carry out. */
export type MenuCommand = 'newCase' | 'about' | 'caseChanged';

/** The response type of every call, by call name. */
export interface Responses {
  about: AboutInfo;
  caseInfo: CaseOverview;
  queryEvents: EventPageResult;
  countEvents: { count: number };
  histogram: Histogram;
  eventDetail: EventDetail;
  listUsers: Page<UserSummary>;
  userProfile: UserProfile;
  ipProfile: IpProfile;
  listWarnings: Page<WarningRow>;
  listTags: Counted[];
  setBookmark: Annotations;
  addTag: Annotations;
  removeTag: Annotations;
  addNote: Annotations;
  newCase: { path: string } | null;
  openCase: { path: string } | null;
  importFiles: ImportedFile[];
  recentCases: RecentCase[];
  listFindings: Page<FindingInfo>;
  findingDetail: FindingDetailInfo;
  reviewFinding: FindingInfo;
  casePolicy: PolicyInfo;
  setPolicy: PolicyInfo;
  verifyBundle: BundleVerdict | null;
}

/** The response of a call. */
export type ResponseOf<N extends CallName> = Responses[N];

/** The typed API the renderer calls: one method per contract call. */
export type Api = {
  [N in CallName]: (req: RequestOf<N>) => Promise<Envelope<ResponseOf<N>>>;
};

/** Pushed notifications and local helpers of the desktop preload. */
export interface DesktopEvents {
  onImportProgress(cb: (p: ImportProgressEvent) => void): () => void;
  onMenuCommand(cb: (c: MenuCommand) => void): () => void;
  /** The file-system path of a file dropped on the window. */
  pathForFile(file: object): string;
}

/** What the preload exposes as `window.api` in the desktop app. */
export type DesktopApi = Api & DesktopEvents;

/** The IPC channel of a call. */
export function ipcChannel(name: CallName): string {
  return `tt:call:${name}`;
}

/** IPC channels of the pushed notifications. */
export const EVENT_CHANNELS = {
  importProgress: 'tt:event:import-progress',
  menuCommand: 'tt:event:menu-command',
} as const;

/** True when a string names a call of the contract. */
export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(REQUESTS, name);
}
