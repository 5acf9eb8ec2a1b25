/**
 * Unified audit log (AuditData) records as Microsoft 365 writes them:
 * PascalCase keys, the common schema first, then workload fields.
 */
import { ualTime } from './clock.js';
import type { Wire } from './records.js';
import type { Company, Person } from './scenario.js';

/** The common-schema head shared by every UAL record. */
export interface UalHead {
  t: number;
  id: string;
  operation: string;
  recordType: number;
  workload: string;
  userKey: string;
  userType: number;
  userId: string;
  clientIp?: string;
  objectId?: string;
  resultStatus?: string;
}

/** Builds the common schema part of an AuditData object. */
export function ualHead(c: Company, h: UalHead): Wire {
  const w: Wire = {
    CreationTime: ualTime(h.t),
    Id: h.id,
    Operation: h.operation,
    OrganizationId: c.tenantId,
    RecordType: h.recordType,
  };
  if (h.resultStatus !== undefined) w.ResultStatus = h.resultStatus;
  w.UserKey = h.userKey;
  w.UserType = h.userType;
  w.Version = 1;
  w.Workload = h.workload;
  if (h.clientIp !== undefined) w.ClientIP = h.clientIp;
  if (h.objectId !== undefined) w.ObjectId = h.objectId;
  w.UserId = h.userId;
  return w;
}

/** The mailbox session an Exchange mailbox-audit record comes from. */
export interface MailboxSession {
  person: Person;
  ip: string;
  clientInfo: string;
  appId: string;
  clientAppId: string;
  sessionId: string;
  aadSessionId: string;
  tokenId: string;
  issuedAt: number;
  server: string;
}

function mailboxFields(c: Company, s: MailboxSession): Wire {
  return {
    AppAccessContext: {
      IssuedAtTime: ualTime(s.issuedAt),
      UniqueTokenId: s.tokenId,
      AADSessionId: s.aadSessionId,
      ClientAppId: s.clientAppId,
    },
    AppId: s.appId,
    ClientAppId: s.clientAppId,
    ClientIPAddress: s.ip,
    ClientInfoString: s.clientInfo,
    ExternalAccess: false,
    InternalLogonType: 0,
    LogonType: 0,
    LogonUserSid: s.person.sid,
    MailboxGuid: s.person.mailboxGuid,
    MailboxOwnerSid: s.person.sid,
    MailboxOwnerUPN: s.person.upn,
    OrganizationName: c.tenantName,
    OriginatingServer: `${s.server} (15.20.9253.014)\r\n`,
  };
}

function mailboxHead(
  c: Company,
  s: MailboxSession,
  t: number,
  id: string,
  op: string,
  recordType: number,
): Wire {
  return ualHead(c, {
    t, id, operation: op, recordType, workload: 'Exchange',
    resultStatus: 'Succeeded', userKey: s.person.puid, userType: 0,
    userId: s.person.rawUserId, clientIp: s.ip,
  });
}

/** A folder and the messages of it a MailItemsAccessed record lists. */
export interface FolderItems {
  folderId: string;
  path: string;
  items: { id: string; messageId: string; size: number }[];
}

/** MailItemsAccessed (RecordType 50), Bind with folders or a Sync. */
export function mailItemsAccessed(
  c: Company,
  s: MailboxSession,
  t: number,
  id: string,
  access: 'Bind' | 'Sync',
  folders: FolderItems[],
): Wire {
  const w = mailboxHead(c, s, t, id, 'MailItemsAccessed', 50);
  Object.assign(w, mailboxFields(c, s));
  w.OperationProperties = [
    { Name: 'MailAccessType', Value: access },
    { Name: 'IsThrottled', Value: 'False' },
  ];
  w.SessionId = s.sessionId;
  if (access === 'Sync') {
    const f = folders[0];
    w.Item = { Id: f.folderId, ParentFolder: { Id: f.folderId, Path: f.path } };
    w.OperationCount = 1;
  } else {
    w.Folders = folders.map(folderWire);
    w.OperationCount = folders.reduce((n, f) => n + f.items.length, 0);
  }
  return w;
}

function folderWire(f: FolderItems): Wire {
  return {
    FolderItems: f.items.map((i) => ({
      Id: i.id,
      InternetMessageId: i.messageId,
      SizeInBytes: i.size,
    })),
    Id: f.folderId,
    Path: f.path,
  };
}

/** The message a Send or delete record is about. */
export interface MailItem {
  id: string;
  messageId: string;
  subject: string;
  size: number;
  folderId: string;
  folderPath: string;
  attachments?: string;
}

/** Send (RecordType 2): subject and message ID, never the recipients. */
export function sendRecord(
  c: Company,
  s: MailboxSession,
  t: number,
  id: string,
  item: MailItem,
): Wire {
  const w = mailboxHead(c, s, t, id, 'Send', 2);
  Object.assign(w, mailboxFields(c, s));
  w.SessionId = s.sessionId;
  const it: Wire = {
    Id: item.id,
    InternetMessageId: item.messageId,
    ParentFolder: { Id: item.folderId, Path: item.folderPath },
    SizeInBytes: item.size,
    Subject: item.subject,
  };
  if (item.attachments) it.Attachments = item.attachments;
  w.Item = it;
  return w;
}

/** MoveToDeletedItems / SoftDelete / HardDelete (RecordType 3). */
export function deleteRecord(
  c: Company,
  s: MailboxSession,
  t: number,
  id: string,
  op: 'MoveToDeletedItems' | 'SoftDelete' | 'HardDelete',
  item: MailItem,
  dest?: { id: string; path: string },
): Wire {
  const w = mailboxHead(c, s, t, id, op, 3);
  Object.assign(w, mailboxFields(c, s));
  w.SessionId = s.sessionId;
  w.AffectedItems = [{
    Id: item.id,
    InternetMessageId: item.messageId,
    ParentFolder: { Id: item.folderId, Path: item.folderPath },
    Subject: item.subject,
  }];
  w.CrossMailboxOperation = false;
  if (dest) w.DestFolder = { Id: dest.id, Path: dest.path };
  w.Folder = { Id: item.folderId, Path: item.folderPath };
  return w;
}

/** Who ran an Exchange cmdlet and from where. */
export interface CmdletCall {
  t: number;
  id: string;
  operation: string;
  actor: Person;
  /** 0 = the mailbox owner (OWA), 2 = an administrator. */
  userType: number;
  clientIp: string;
  objectId: string;
  parameters: [string, string][];
  appId: string;
  server: string;
  sessionId: string;
}

/** An Exchange admin-audit record (RecordType 1) for one cmdlet. */
export function cmdletRecord(c: Company, k: CmdletCall): Wire {
  const w = ualHead(c, {
    t: k.t, id: k.id, operation: k.operation, recordType: 1,
    workload: 'Exchange', resultStatus: 'True', userKey: k.actor.puid,
    userType: k.userType, userId: k.actor.rawUserId, clientIp: k.clientIp,
    objectId: k.objectId,
  });
  w.AppId = k.appId;
  w.ClientAppId = '';
  w.ExternalAccess = false;
  w.OrganizationName = c.tenantName;
  w.OriginatingServer = `${k.server} (15.20.9253.014)`;
  w.Parameters = k.parameters.map(([Name, Value]) => ({ Name, Value }));
  w.SessionId = k.sessionId;
  return w;
}

/** The Exchange object path of a mailbox, as cmdlet records show it. */
export function mailboxObjectId(
  c: Company,
  p: Person,
  server: string,
): string {
  return `NAMPR${server.slice(5, 7)}A003.prod.outlook.com/Microsoft ` +
    `Exchange Hosted Organizations/${c.tenantName}/${p.displayName}`;
}
