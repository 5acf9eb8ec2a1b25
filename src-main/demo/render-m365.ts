/**
 * Renders planned mailbox, SharePoint, Teams and inbox-rule activities
 * into unified audit log records.
 */
import { APPS } from './apps.js';
import {
  ONEDRIVE_FILES,
  SITES,
  folderId,
  homeSite,
  mailItem,
  oneDriveItem,
  siteItem,
  subjectLine,
} from './catalog.js';
import { K, LOC, type Act } from './plan.js';
import type { OutRecord, Stream, Wire } from './records.js';
import { rngFor, type Rng } from './rng.js';
import type { Person } from './scenario.js';
import { serverOf } from './scenario.js';
import {
  cmdletRecord,
  deleteRecord,
  mailItemsAccessed,
  mailboxObjectId,
  sendRecord,
  ualHead,
} from './ual.js';
import { sharingSetRecord, spRecord, type SpItem } from './ual-sharepoint.js';
import { ipAt, mailSession, phoneUa, spSession, type World } from './world.js';

function unitOf(w: World, p: Person) {
  return p.office.code === 'BHM' ? w.company.ukUnit : undefined;
}

function out(
  w: World,
  a: Act,
  stream: Stream,
  body: Wire,
): OutRecord[] {
  const p = w.people[a.p];
  return [{ t: a.t, key: `${a.p}.${a.d}.${a.s}`, stream, body,
    unit: unitOf(w, p) }];
}

/** MailItemsAccessed, Send and deletes of a planned mail activity. */
export function renderMail(w: World, a: Act): OutRecord[] {
  const r = rngFor(w.seed, 'act', a.p, a.d, a.s);
  const p = w.people[a.p];
  const client = a.x === LOC.MOBILE ? 'mobile'
    : a.y === 1 || a.k === K.MAIL_BIND && r.chance(0.4) ? 'owa' : 'desktop';
  const s = mailSession(w, p, a.d, a.x, client, a.t);
  const id = r.guid();
  const server = serverOf(w.company, p);
  if (a.k === K.MAIL_SYNC) {
    const inbox = { folderId: folderId(w.seed, p, '\\Inbox'),
      path: '\\Inbox', items: [] };
    return out(w, a, 'ual-exsp',
      mailItemsAccessed(w.company, s, a.t, id, 'Sync', [inbox]));
  }
  if (a.k === K.MAIL_BIND) {
    const items = [];
    for (let i = r.int(1, 6); i > 0; i--) {
      items.push(mailItem(w.seed, r, p, server, '\\Inbox', ''));
    }
    const folder = { folderId: folderId(w.seed, p, '\\Inbox'),
      path: '\\Inbox', items: items.map((m) => ({ id: m.id,
        messageId: m.messageId, size: m.size })) };
    return out(w, a, 'ual-exsp',
      mailItemsAccessed(w.company, s, a.t, id, 'Bind', [folder]));
  }
  const item = mailItem(w.seed, r, p, server, '\\Sent Items', subjectLine(r));
  if (a.k === K.SEND) {
    return out(w, a, 'ual-exsp', sendRecord(w.company, s, a.t, id, item));
  }
  const inboxItem = { ...item, folderId: folderId(w.seed, p, '\\Inbox'),
    folderPath: '\\Inbox' };
  const dest = { id: folderId(w.seed, p, '\\Deleted Items'),
    path: '\\Deleted Items' };
  return out(w, a, 'ual-exsp', deleteRecord(w.company, s, a.t, id,
    'MoveToDeletedItems', inboxItem, dest));
}

const SP_OPERATION: Record<number, string> = {
  [K.SP_ACCESS]: 'FileAccessed',
  [K.SP_MODIFY]: 'FileModified',
  [K.SP_DOWNLOAD]: 'FileDownloaded',
  [K.SP_UPLOAD]: 'FileUploaded',
  [K.SP_PAGE]: 'PageViewed',
  [K.SP_SHARE]: 'SharingSet',
};

function pickItem(w: World, r: Rng, p: Person, a: Act): SpItem {
  if (a.k === K.SP_PAGE) {
    const site = homeSite(p).name;
    return { ...siteItem(w.seed, w.company, site, '', ''), folder:
      'SitePages', name: 'Home.aspx' };
  }
  if (a.y === 1) return oneDriveItem(w.seed, w.company, p, r.pick(
    ONEDRIVE_FILES));
  const site = r.chance(0.85) ? homeSite(p) : r.pick(Object.values(SITES));
  return siteItem(w.seed, w.company, site.name, r.pick(site.folders),
    site.files(r));
}

function desktopAppFor(name: string): string | null {
  if (name.endsWith('.xlsx')) return 'Excel';
  if (name.endsWith('.docx')) return 'Word';
  return null;
}

/** A SharePoint or OneDrive record of a planned file activity. */
export function renderFile(w: World, a: Act): OutRecord[] {
  const r = rngFor(w.seed, 'act', a.p, a.d, a.s);
  const p = w.people[a.p];
  const item = pickItem(w, r, p, a);
  const app = a.k === K.SP_MODIFY || a.k === K.SP_ACCESS && r.chance(0.4)
    ? desktopAppFor(item.name) : null;
  const s = spSession(w, p, a.d, a.x, app);
  const op = SP_OPERATION[a.k];
  const id = r.guid();
  if (a.k === K.SP_SHARE) {
    const target = w.people[r.int(0, w.people.length - 1)];
    return out(w, a, 'ual-exsp',
      sharingSetRecord(w.company, a.t, id, s, item, target));
  }
  return out(w, a, 'ual-exsp', spRecord(w.company, a.t, id, op, s, item));
}

/** TeamsSessionStarted or MessageSent of a planned Teams activity. */
export function renderTeams(w: World, a: Act): OutRecord[] {
  const r = rngFor(w.seed, 'act', a.p, a.d, a.s);
  const p = w.people[a.p];
  const ip = ipAt(w, p, a.d, a.x);
  const started = a.k === K.TEAMS_SESSION;
  const body = ualHead(w.company, {
    t: a.t, id: r.guid(), recordType: 25, workload: 'MicrosoftTeams',
    operation: started ? 'TeamsSessionStarted' : 'MessageSent',
    userKey: p.objectId, userType: 0, userId: p.upn, clientIp: ip.ip,
  });
  if (started) {
    body.ExtraProperties = [
      { Key: 'UserAgent', Value: a.x === LOC.MOBILE ? phoneUa(p)
        : 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Teams/25275.2601.4002' },
      { Key: 'Country/Region', Value: ip.place.country },
    ];
  } else Object.assign(body, teamsMessage(w, r));
  return out(w, a, 'ual-aad', body);
}

function teamsMessage(w: World, r: Rng): Wire {
  const id = String(1_790_000_000_000 + r.int(0, 9_999_999));
  return {
    ChatThreadId: `19:${r.hex(32)}@thread.v2`,
    CommunicationType: r.pick(['OneOnOne', 'GroupChat', 'Channel']),
    MessageId: id,
    MessageVersion: id,
    ParticipantInfo: {
      HasForeignTenantUsers: false,
      HasGuestUsers: false,
      HasOtherGuestUsers: false,
      HasUnauthenticatedUsers: false,
      ParticipatingDomains: [w.company.domain],
      ParticipatingTenantIds: [w.company.tenantId],
    },
  };
}

const NEWSLETTERS = ['news@foundrymag.example', 'digest@castingsweekly.example',
  'updates@tradeshow-expo.example'];

/** A benign inbox rule: newsletters filed into their own folder. */
export function renderInboxRule(w: World, a: Act): OutRecord[] {
  const r = rngFor(w.seed, 'act', a.p, a.d, a.s);
  const p = w.people[a.p];
  const server = serverOf(w.company, p);
  const ip = ipAt(w, p, a.d, a.x).ip;
  const body = cmdletRecord(w.company, {
    t: a.t, id: r.guid(), operation: 'New-InboxRule', actor: p, userType: 0,
    clientIp: `${ip}:${r.int(49152, 65535)}`, appId: APPS.exchange.id,
    objectId: `${mailboxObjectId(w.company, p, server)}\\Newsletters`,
    server: `${server}`, sessionId: r.guid(),
    parameters: [
      ['AlwaysDeleteOutlookRulesBlob', 'False'], ['Force', 'False'],
      ['From', r.pick(NEWSLETTERS)], ['MoveToFolder', 'Newsletters'],
      ['Name', 'Newsletters'], ['StopProcessingRules', 'False'],
    ],
  });
  return out(w, a, 'ual-exsp', body);
}
