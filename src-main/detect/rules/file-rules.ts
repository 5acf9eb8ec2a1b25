/**
 * Files leaving: bursts of downloads and links that open files to
 * anyone or to outsiders, in SharePoint, OneDrive and Google Drive.
 */
import { bucket, idsOf } from '../buckets.js';
import { clusters, denseRanges, peakDistinct } from '../bursts.js';
import { distinct, listText, placeText, utc, utcDay } from '../describe.js';
import { groupRuns, scanEvents, type Ev } from '../event-scan.js';
import {
  gwsParameters,
  paramList,
  paramText,
  parseDetails,
} from '../record-fields.js';
import type { FindingDraft, Rule, RuleContext } from '../rule.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * Downloads less than this far apart are one burst: the finding links
 * the whole stretch, not only its densest minutes.
 */
const BURST_GAP_MS = 10 * MINUTE;

/** How to read one download source. */
interface DownloadSource {
  operations: string[];
  where?: string;
  fileOf: (e: Ev) => string;
  /** The file's name where fileOf gives an id (Drive's doc_id). */
  nameOf?: (e: Ev) => string;
  containerOf: (e: Ev) => string | null;
  noun: string;
}

function downloads(ctx: RuleContext, src: DownloadSource): FindingDraft[] {
  const rows = scanEvents(ctx.db, {
    operations: src.operations,
    where: `actor IS NOT NULL${src.where ? ` AND ${src.where}` : ''}`,
    order: 'actor',
  });
  const drafts: FindingDraft[] = [];
  for (const [actor, userRows] of groupRuns(rows, (e) => e.actor)) {
    for (const burst of downloadBursts(ctx, userRows, src)) {
      drafts.push(downloadDraft(ctx, actor, burst, src));
    }
  }
  return drafts;
}

function downloadBursts(
  ctx: RuleContext,
  rows: Ev[],
  src: DownloadSource,
): Ev[][] {
  const shortMs = ctx.policy.threshold('massDownload.windowMinutes') * MINUTE;
  const tests = [
    { windowMs: shortMs, min: ctx.policy.threshold('massDownload.minFiles') },
    { windowMs: HOUR, min: ctx.policy.threshold('massDownload.hourFiles') },
  ];
  const out: Ev[][] = [];
  for (const cluster of clusters(rows, BURST_GAP_MS)) {
    const dense = tests.some((t) =>
      denseRanges(cluster, { ...t, keyOf: src.fileOf }).length > 0);
    if (dense) out.push(cluster);
  }
  return out;
}

function riskOf(ctx: RuleContext, actor: string, burst: Ev[]): string | null {
  for (const e of burst) {
    if (ctx.policy.isTrusted(e.ip, e.asn)) continue;
    const net = ctx.lists.hostingNetwork(e.asn);
    if (net) return `from ${net.kind} network AS${net.asn} ${net.org}`;
    if (e.country && ctx.policy.hasAllowedPlaces() &&
      ctx.policy.placeVerdict(e.country, e.region) === 'outside-country' &&
      !ctx.policy.isTravelExcepted(actor, e.country, e.time_ms)) {
      return `from ${placeText(e)}, outside the allowed countries`;
    }
  }
  const hours = ctx.policy.threshold('suspicious.followHours');
  const s = ctx.suspicious().lastBefore(actor, burst[0].time_ms, hours);
  return s ? `after a suspicious sign-in at ${utc(s.timeMs)} ` +
    `(${s.reasons.join(', ')})` : null;
}

function downloadDraft(
  ctx: RuleContext,
  actor: string,
  burst: Ev[],
  src: DownloadSource,
): FindingDraft {
  const first = burst[0];
  const last = burst[burst.length - 1];
  const files = distinct(burst.map(src.fileOf));
  const windowMin = ctx.policy.threshold('massDownload.windowMinutes');
  const peak = peakDistinct(burst, windowMin * MINUTE, src.fileOf);
  const places = distinct(burst.map((e) => src.containerOf(e)));
  const ips = distinct(burst.map((e) => e.ip));
  const risk = riskOf(ctx, actor, burst);
  return {
    key: `${actor}|${utc(first.time_ms)}`,
    actor,
    eventIds: idsOf(burst),
    severity: risk ? 'high' : 'medium',
    matched: {
      files: files.length,
      downloads: burst.length,
      peak,
      windowMinutes: windowMin,
      thresholds: {
        files: ctx.policy.threshold('massDownload.minFiles'),
        hourFiles: ctx.policy.threshold('massDownload.hourFiles'),
      },
      containers: places,
      extensions: distinct(burst.map(src.nameOf ?? src.fileOf)
        .map(extensionOf)),
      ips,
      start: utc(first.time_ms),
      end: utc(last.time_ms),
      risk,
    },
    explanation:
      `${actor} downloaded ${files.length} distinct ${src.noun} ` +
      `(${burst.length} downloads) between ${utc(first.time_ms)} and ` +
      `${utc(last.time_ms)}` +
      (places.length ? ` from ${listText(places, 3)}` : '') +
      `; peak ${peak} within ${windowMin} min (threshold ` +
      `${ctx.policy.threshold('massDownload.minFiles')}, or ` +
      `${ctx.policy.threshold('massDownload.hourFiles')} in 1 h); IPs ` +
      `${listText(ips.map(String), 3)}` + (risk ? `; ${risk}` : ''),
  };
}

function extensionOf(name: string): string | null {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  return m ? m[1].toLowerCase() : null;
}

const SHAREPOINT_DOWNLOADS: DownloadSource = {
  operations: ['FileDownloaded', 'FileSyncDownloadedFull'],
  fileOf: (e) => e.target ?? `event ${e.id}`,
  containerOf: (e) => {
    const site = parseDetails(e.details).SiteUrl;
    return typeof site === 'string' ? site : null;
  },
  noun: 'files',
};

/** Mass download from SharePoint or OneDrive (D38). */
export const MASS_FILE_DOWNLOAD: Rule = {
  id: 'mass-file-download',
  title: 'Mass file download from SharePoint or OneDrive',
  severity: 'medium',
  technique: 'T1530',
  description:
    'FileDownloaded or FileSyncDownloadedFull of at least ' +
    'massDownload.minFiles distinct files within ' +
    'massDownload.windowMinutes, or massDownload.hourFiles within an ' +
    'hour, by one user; the finding holds the whole burst (downloads ' +
    'under 10 minutes apart). High from a hosting network, outside the ' +
    'allowed countries, or after a suspicious sign-in.',
  run: (ctx) => downloads(ctx, SHAREPOINT_DOWNLOADS),
};

function driveParam(e: Ev, name: string): string {
  return paramText(gwsParameters(parseDetails(e.details)).get(name));
}

const DRIVE_DOWNLOADS: DownloadSource = {
  operations: ['download'],
  where: "source = 'gws-drive'",
  fileOf: (e) => driveParam(e, 'doc_id') || e.target || `event ${e.id}`,
  nameOf: (e) => driveParam(e, 'doc_title') || e.target || '',
  containerOf: (e) => driveParam(e, 'owner') || null,
  noun: 'Drive files',
};

/** Mass download from Google Drive (D38). */
export const DRIVE_MASS_DOWNLOAD: Rule = {
  id: 'gws-drive-mass-download',
  title: 'Mass download from Google Drive',
  severity: 'medium',
  technique: 'T1530',
  description:
    'Google Drive download events for distinct doc_id values above the ' +
    'same thresholds as mass-file-download; "from" lists the owners.',
  run: (ctx) => downloads(ctx, DRIVE_DOWNLOADS),
};

/** One link or share that opens a file beyond the tenant. */
interface Share {
  event: Ev;
  item: string;
  to: string;
}

function sharingFindings(
  ctx: RuleContext,
  shares: Share[],
  where: string,
): FindingDraft[] {
  const groups = bucket(shares, (s) =>
    `${s.event.actor}|${utcDay(s.event.time_ms)}`);
  return [...groups].map(([key, g]) => shareDraft(ctx, key, g, where));
}

function shareDraft(
  ctx: RuleContext,
  key: string,
  g: Share[],
  where: string,
): FindingDraft {
  const actor = g[0].event.actor as string;
  const peak = peakDistinct(g.map((s) => ({ ...s, time_ms: s.event.time_ms })),
    HOUR, (s) => `${s.item}|${s.to}`);
  const burst = peak >= ctx.policy.threshold('sharing.burstLinks');
  const hours = ctx.policy.threshold('suspicious.followHours');
  const s = ctx.suspicious().lastBefore(actor, g[0].event.time_ms, hours);
  const items = distinct(g.map((x) => x.item));
  return {
    key,
    actor,
    eventIds: g.map((x) => x.event.id),
    severity: burst || s ? 'high' : 'medium',
    matched: { items, audiences: distinct(g.map((x) => x.to)),
      shares: g.length, peakPerHour: peak,
      afterSuspiciousSignIn: s ? utc(s.timeMs) : null },
    explanation:
      `${actor} opened ${items.length} ${where} item(s) to ` +
      `${listText(distinct(g.map((x) => x.to)), 3)} on ` +
      `${utcDay(g[0].event.time_ms)}, first at ${utc(g[0].event.time_ms)}: ` +
      `${listText(items, 3)}` + (burst ? `; ${peak} within one hour` : '') +
      (s ? `; after a suspicious sign-in at ${utc(s.timeMs)}` : ''),
  };
}

function spShares(ctx: RuleContext): Share[] {
  const ops = ['AnonymousLinkCreated', 'SharingSet', 'AddedToSecureLink',
    'SharingInvitationCreated'];
  const out: Share[] = [];
  for (const e of scanEvents(ctx.db, { operations: ops,
    where: 'actor IS NOT NULL' })) {
    const to = spAudience(ctx, e);
    if (to) out.push({ event: e, item: e.target ?? '?', to });
  }
  return out;
}

function spAudience(ctx: RuleContext, e: Ev): string | null {
  if (e.operation === 'AnonymousLinkCreated') return 'anyone with the link';
  const d = parseDetails(e.details);
  const target = String(d.TargetUserOrGroupName ?? '');
  const type = String(d.TargetUserOrGroupType ?? '');
  if (/#ext#/i.test(target) || /^guest$/i.test(type)) return target;
  if (target.includes('@') && !ctx.tenant.isInternal(target)) return target;
  return null;
}

/** Anonymous links and external shares in SharePoint/OneDrive (D43). */
export const EXTERNAL_SHARING: Rule = {
  id: 'external-sharing-link',
  title: 'Anonymous or external sharing in SharePoint or OneDrive',
  severity: 'medium',
  technique: 'T1567',
  description:
    'AnonymousLinkCreated, and SharingSet, AddedToSecureLink or ' +
    'SharingInvitationCreated naming a guest or an outside address, per ' +
    'user and day. High with sharing.burstLinks within an hour or after ' +
    'a suspicious sign-in.',
  run: (ctx) => sharingFindings(ctx, spShares(ctx), 'SharePoint/OneDrive'),
};

const OPEN_VISIBILITY = new RegExp(
  '^(people_with_link|public_on_the_web|shared_externally|' +
    'public_with_link|anyone_with_link)$',
);

function driveShares(ctx: RuleContext): Share[] {
  const out: Share[] = [];
  for (const e of scanEvents(ctx.db, {
    operations: ['change_document_visibility', 'change_user_access'],
    where: "source = 'gws-drive' AND actor IS NOT NULL",
  })) {
    const p = gwsParameters(parseDetails(e.details));
    const item = paramText(p.get('doc_title')) || paramText(p.get('doc_id'));
    const to = e.operation === 'change_user_access'
      ? externalUser(ctx, paramText(p.get('target_user')))
      : openVisibility(paramList(p.get('visibility')));
    if (to) out.push({ event: e, item: item || '?', to });
  }
  return out;
}

function externalUser(ctx: RuleContext, user: string): string | null {
  return user.includes('@') && !ctx.tenant.isInternal(user) ? user : null;
}

function openVisibility(values: string[]): string | null {
  const v = values.find((x) => OPEN_VISIBILITY.test(x));
  return v ? `visibility ${v}` : null;
}

/** Drive files shared outside the domain or to anyone (D43). */
export const DRIVE_EXTERNAL_SHARE: Rule = {
  id: 'gws-drive-external-share',
  title: 'Google Drive file shared externally or publicly',
  severity: 'medium',
  technique: 'T1567',
  description:
    'Drive change_document_visibility to people_with_link, ' +
    'public_on_the_web or shared_externally, or change_user_access for ' +
    'an outside address, per user and day; high in bursts or after a ' +
    'suspicious sign-in.',
  run: (ctx) => sharingFindings(ctx, driveShares(ctx), 'Google Drive'),
};
