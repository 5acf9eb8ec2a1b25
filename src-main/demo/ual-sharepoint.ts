/**
 * SharePoint and OneDrive records of the unified audit log: file
 * operations (RecordType 6), sharing (14) and page views (4).
 */
import { ualHead } from './ual.js';
import type { Wire } from './records.js';
import type { Company, Person } from './scenario.js';

/** A document library item: where it lives and what it is. */
export interface SpItem {
  siteUrl: string;
  /** Library-relative folder, e.g. "Shared Documents/PN-4471". */
  folder: string;
  /** File name; empty for a folder. */
  name: string;
  siteId: string;
  webId: string;
  listId: string;
  itemId: string;
  size: number;
  oneDrive: boolean;
}

/** The browser or client session a SharePoint record comes from. */
export interface SpSession {
  person: Person;
  ip: string;
  ua: string;
  aadSessionId: string;
  correlationId: string;
  tokenId: string;
  managedDevice: boolean;
}

const RECORD_TYPE: Record<string, number> = {
  AnonymousLinkCreated: 14,
  SharingSet: 14,
  SecureLinkCreated: 14,
  AddedToSecureLink: 14,
  PageViewed: 4,
};

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** The ObjectId URL of an item. */
export function itemUrl(i: SpItem): string {
  const path = i.name ? `${i.folder}/${i.name}` : i.folder;
  return `${i.siteUrl}${path}`;
}

/** One SharePoint or OneDrive record about an item. */
export function spRecord(
  c: Company,
  t: number,
  id: string,
  operation: string,
  s: SpSession,
  i: SpItem,
): Wire {
  const w = ualHead(c, {
    t, id, operation, recordType: RECORD_TYPE[operation] ?? 6,
    workload: i.oneDrive ? 'OneDrive' : 'SharePoint',
    userKey: `i:0h.f|membership|${s.person.puid.toLowerCase()}@live.com`,
    userType: 0, userId: s.person.rawUserId, clientIp: s.ip,
    objectId: itemUrl(i),
  });
  Object.assign(w, spContext(s), spItemFields(operation, s, i));
  return w;
}

function spContext(s: SpSession): Wire {
  return {
    AppAccessContext: {
      AADSessionId: s.aadSessionId,
      CorrelationId: s.correlationId,
      UniqueTokenId: s.tokenId,
    },
    CorrelationId: s.correlationId,
    EventSource: 'SharePoint',
  };
}

function spItemFields(op: string, s: SpSession, i: SpItem): Wire {
  const folder = i.name === '';
  const w: Wire = {
    ItemType: op === 'PageViewed' ? 'Page' : folder ? 'Folder' : 'File',
    ListId: i.listId,
    ListItemUniqueId: i.itemId,
    Site: i.siteId,
    UserAgent: s.ua,
    WebId: i.webId,
  };
  if (op === 'FileDownloaded' || op === 'FileUploaded') {
    w.FileSizeBytes = i.size;
  }
  w.IsManagedDevice = s.managedDevice;
  w.GeoLocation = 'NAM';
  if (!folder) w.SourceFileExtension = extensionOf(i.name);
  w.SiteUrl = i.siteUrl;
  w.SourceRelativeUrl = i.folder;
  if (!folder) w.SourceFileName = i.name;
  if (op === 'AnonymousLinkCreated') {
    w.EventData = '<Type>View</Type><MembersCanShareApplied>True' +
      '</MembersCanShareApplied>';
  }
  return w;
}

/** SharingSet: an item shared with a member of the directory. */
export function sharingSetRecord(
  c: Company,
  t: number,
  id: string,
  s: SpSession,
  i: SpItem,
  target: Person,
): Wire {
  const w = spRecord(c, t, id, 'SharingSet', s, i);
  w.TargetUserOrGroupName = target.upn;
  w.TargetUserOrGroupType = 'Member';
  w.EventData = '<Type>Edit</Type><MembersCanShareApplied>True' +
    '</MembersCanShareApplied>';
  return w;
}
