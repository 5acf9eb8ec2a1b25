/**
 * What the staff work on: SharePoint sites and files per department,
 * mail subjects, Exchange identifiers and Google Drive documents.
 */
import type { MailItem } from './ual.js';
import type { SpItem } from './ual-sharepoint.js';
import { rngFor, type Rng } from './rng.js';
import type { Company, Person } from './scenario.js';

/** A SharePoint team site. */
export interface Site {
  name: string;
  folders: readonly string[];
  files: (r: Rng) => string;
}

const n4 = (r: Rng, lo: number, hi: number) => String(r.int(lo, hi));
const rev = (r: Rng) => r.pick(['A', 'B', 'C', 'D']);

/** The team sites, keyed by name. */
export const SITES: Record<string, Site> = {
  'Engineering-Tooling': {
    name: 'Engineering-Tooling',
    folders: ['PN-4471', 'PN-4412', 'PN-4388', 'PN-4520', 'Process Sheets'],
    files: (r) => r.pick([
      () => `PN-${n4(r, 4380, 4530)}_rev${rev(r)}.step`,
      () => `PN-${n4(r, 4380, 4530)}_rev${rev(r)}.dwg`,
      () => `PN-${n4(r, 4380, 4530)}_rev${rev(r)}.pdf`,
      () => `Die-Cast-Process-Sheet-v${r.int(3, 9)}.pdf`,
      () => `Tooling-Change-Request-${n4(r, 210, 290)}.docx`,
    ])(),
  },
  Quality: {
    name: 'Quality',
    folders: ['CMM Reports', '8D', 'PPAP'],
    files: (r) => r.pick([
      () => `CMM-PN-${n4(r, 4380, 4530)}-lot-${n4(r, 2200, 2399)}.pdf`,
      () => `8D-${n4(r, 610, 680)}.docx`,
      () => `PPAP-PN-${n4(r, 4380, 4530)}.xlsx`,
    ])(),
  },
  Finance: {
    name: 'Finance',
    folders: ['AR', 'AP', 'Month End'],
    files: (r) => r.pick([
      () => `AR-Aging-2026-10-${String(r.int(1, 30)).padStart(2, '0')}.xlsx`,
      () => 'Invoice-Register-Q3-2026.xlsx',
      () => `Credit-Memo-CM-${n4(r, 3100, 3199)}.pdf`,
      () => 'Month-End-Checklist-Oct-2026.xlsx',
    ])(),
  },
  Operations: {
    name: 'Operations',
    folders: ['Schedules', 'Furnace Logs', 'Reports'],
    files: (r) => r.pick([
      () => `Shift-Schedule-Week-${r.int(40, 44)}.xlsx`,
      () => `Furnace-Log-2026-10-${String(r.int(1, 30)).padStart(2, '0')}.xlsx`,
      () => 'Scrap-Report-2026-10.xlsx',
      () => 'OEE-Dashboard.xlsx',
    ])(),
  },
  Sales: {
    name: 'Sales',
    folders: ['Quotes', 'Customers', 'Marketing'],
    files: (r) => r.pick([
      () => `Quote-Q26-${n4(r, 1100, 1399)}.docx`,
      () => 'Price-List-2026.xlsx',
      () => `Customer-Visit-Report-${r.pick(['Globex', 'Initech',
        'Umbrella', 'Hooli', 'Vandelay'])}.docx`,
      () => 'Brochure-Precision-Castings.pdf',
    ])(),
  },
  HR: {
    name: 'HR',
    folders: ['Policies', 'Onboarding'],
    files: (r) => r.pick(['Onboarding-Checklist.docx',
      'Holiday-Calendar-2026.pdf', 'Training-Matrix.xlsx',
      'Employee-Handbook-2026.pdf']),
  },
  IT: {
    name: 'IT',
    folders: ['Inventory', 'Changes'],
    files: (r) => r.pick(['Asset-Inventory.xlsx', 'Change-Log-2026-10.xlsx',
      'Network-Diagram-MKE.vsdx', 'Laptop-Refresh-Plan.xlsx']),
  },
  Purchasing: {
    name: 'Purchasing',
    folders: ['Suppliers', 'PO'],
    files: (r) => r.pick(['Supplier-Scorecard-Q3.xlsx', 'PO-Log-2026.xlsx',
      'Approved-Vendor-List.xlsx']),
  },
};

const SITE_OF: Record<string, string> = {
  Engineering: 'Engineering-Tooling',
  Design: 'Engineering-Tooling',
  Quality: 'Quality',
  Finance: 'Finance',
  Operations: 'Operations',
  Production: 'Operations',
  Sales: 'Sales',
  Marketing: 'Sales',
  'Customer Service': 'Sales',
  HR: 'HR',
  IT: 'IT',
  Purchasing: 'Purchasing',
};

/** The team site a person works in most. */
export function homeSite(p: Person): Site {
  return SITES[SITE_OF[p.department] ?? 'Operations'];
}

const SIZE: Record<string, [number, number]> = {
  step: [2_000_000, 40_000_000],
  dwg: [1_000_000, 15_000_000],
  pdf: [200_000, 8_000_000],
  xlsx: [30_000, 3_000_000],
  docx: [20_000, 2_000_000],
  vsdx: [100_000, 1_500_000],
};

/** A plausible size of a file, stable for its path. */
export function fileSize(seed: number, path: string): number {
  const ext = path.slice(path.lastIndexOf('.') + 1);
  const [lo, hi] = SIZE[ext] ?? [10_000, 500_000];
  return rngFor(seed, 'size', path).int(lo, hi);
}

/** A library item of a team site, identifiers stable for its path. */
export function siteItem(
  seed: number,
  c: Company,
  site: string,
  folder: string,
  name: string,
): SpItem {
  const s = rngFor(seed, 'site', site);
  const path = `${site}/${folder}/${name}`;
  return {
    siteUrl: `https://${c.spoHost}/sites/${site}/`,
    folder: `Shared Documents/${folder}`,
    name,
    siteId: s.guid(),
    webId: s.guid(),
    listId: s.guid(),
    itemId: rngFor(seed, 'item', path).guid(),
    size: name ? fileSize(seed, path) : 0,
    oneDrive: false,
  };
}

/** A file in a person's OneDrive. */
export function oneDriveItem(
  seed: number,
  c: Company,
  p: Person,
  name: string,
): SpItem {
  const slug = p.upn.replace(/[@.]/g, '_');
  const s = rngFor(seed, 'onedrive', p.index);
  const path = `${slug}/${name}`;
  return {
    siteUrl: `https://${c.myHost}/personal/${slug}/`,
    folder: 'Documents',
    name,
    siteId: s.guid(),
    webId: s.guid(),
    listId: s.guid(),
    itemId: rngFor(seed, 'item', path).guid(),
    size: fileSize(seed, path),
    oneDrive: true,
  };
}

/** File names people keep in their own OneDrive. */
export const ONEDRIVE_FILES = ['Notes.docx', 'Expenses-Oct-2026.xlsx',
  'Draft-Report.docx', 'Personal-Goals-2026.docx', 'Scratch.xlsx'];

const SUBJECTS = [
  'RE: PO 45-{n} delivery date', 'Updated drawing PN-{n} rev B',
  'Shift handover', 'FW: Customer complaint 8D-{n}', 'Quote Q26-{n}',
  'RE: Invoice INV-{n}', 'Weekly ops meeting notes', 'RE: Lunch on Friday?',
  'Furnace 3 maintenance window', 'RE: Sample parts for Globex',
  'Training session next week', 'RE: Expense report', 'Agenda for review',
  'RE: Pallet labels', 'Safety walk findings', 'RE: Revised forecast',
];

/** A subject line for an everyday mail. */
export function subjectLine(r: Rng): string {
  return r.pick(SUBJECTS).replace('{n}', String(r.int(1000, 99999)));
}

function exchangeId(r: Rng, lead: string, n: number): string {
  return lead + r.b64(n).replace(/-/g, '+').replace(/_/g, '/');
}

/** The folder ID of a mailbox folder, stable per person and path. */
export function folderId(seed: number, p: Person, path: string): string {
  return exchangeId(rngFor(seed, 'folder', p.index, path), 'LgAAAAA', 58) +
    'AQ';
}

/** A new message in a mailbox folder. */
export function mailItem(
  seed: number,
  r: Rng,
  p: Person,
  server: string,
  path: string,
  subject: string,
): MailItem {
  return {
    id: exchangeId(r, 'RgAAAAA', 140) + 'AAAJ',
    messageId: `<${server}${r.hex(28).toUpperCase()}@${server}.namprd` +
      `${server.slice(5, 7)}.prod.outlook.com>`,
    subject,
    size: r.int(9_000, 180_000),
    folderId: folderId(seed, p, path),
    folderPath: path,
  };
}

/** A Google Drive document of the design studio. */
export interface GwsDoc {
  id: string;
  title: string;
  type: string;
  owner: string;
  sharedDrive: string | null;
}

const DOC_TITLES = [
  'Campaign Brief – Fall Castings Expo', 'Logo Concepts v3',
  'Social Calendar Q4', 'Trade Show Booth Layout', 'Photo Shoot Shot List',
  'Website Copy – Capabilities Page', 'Case Study – Globex Pump Housings',
  'Brand Voice Guide', 'Newsletter – November', 'Video Storyboard',
];

/** Drive's doc_type for a title. */
export function docType(title: string): string {
  if (title.endsWith('.pdf')) return 'pdf';
  if (title.endsWith('.pptx')) return 'mspowerpoint';
  if (title.endsWith('.xlsx')) return 'msexcel';
  if (title.endsWith('.docx')) return 'msword';
  return title.includes('Calendar') ? 'spreadsheet' : 'document';
}

/** A document identified by its title, ID stable per title. */
export function gwsDoc(
  seed: number,
  title: string,
  owner: string,
  sharedDrive: string | null,
): GwsDoc {
  const id = `1${rngFor(seed, 'doc', title).b64(43)}`;
  return { id, title, type: docType(title), owner, sharedDrive };
}

/** An everyday Drive document of the studio. */
export function studioDoc(seed: number, r: Rng, owner: string): GwsDoc {
  return gwsDoc(seed, r.pick(DOC_TITLES), owner, null);
}
