/**
 * The demo manifest: what was written, how many records each file holds,
 * and the facts of each incident that a test can look for after import.
 */
import type { Policy } from '../../src-shared/domain.js';

/** One written export file. */
export interface DemoFile {
  name: string;
  /** The importer's format name (src-shared FORMATS). */
  format: string;
  /** Source records, as the importer counts them (GWS: events). */
  records: number;
  bytes: number;
  sha256: string;
  /** GWS only: activities (items) holding the events. */
  activities?: number;
  /** Paged files only: page bodies in the file. */
  pages?: number;
  /** Newest and oldest record instant (ISO, milliseconds). */
  firstTime: string | null;
  lastTime: string | null;
}

/** One key event of an incident, as it appears in a file. */
export interface FactEvent {
  step: string;
  file: string;
  /** Record time as the file spells it, and the same instant in ms. */
  timeText: string;
  timeUtc: string;
  operation: string;
  user: string;
  ip: string | null;
  recordId: string;
}

/** An IP address of an incident and where the bundled GeoIP puts it. */
export interface FactIp {
  ip: string;
  role: string;
  country: string;
  region: string;
  city: string;
  asn: number;
  asOrg: string;
}

/** The facts of one incident a later test asserts in the timeline. */
export interface IncidentFacts {
  id: string;
  title: string;
  user: string;
  /** UserId as the raw UAL records spell it, when it differs. */
  rawUserId: string | null;
  ips: FactIp[];
  events: FactEvent[];
  details: Record<string, unknown>;
}

/** Records that appear in more than one file, and why. */
export interface Overlaps {
  /** Record IDs present in two files of the same log (none by design). */
  duplicateRecordIds: string[];
  notes: string[];
}

/** A benign event that could look suspicious, and why it is benign. */
export interface BenignNote {
  what: string;
  user: string;
  time: string;
  file: string;
  why: string;
}

/** Everything the generator wrote and the story it tells. */
export interface DemoManifest {
  seed: number;
  mode: 'normal' | 'scale';
  company: { name: string; m365Domain: string; gwsDomain: string;
    tenantId: string; gwsCustomerId: string };
  window: { start: string; end: string };
  users: number;
  gwsUsers: number;
  policy: Policy;
  files: DemoFile[];
  totalRecords: number;
  incidents: IncidentFacts[];
  benign: BenignNote[];
  overlaps: Overlaps;
}
