import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src-shared/domain.js';
import {
  Catalog,
  loadCatalog,
  validateCatalog,
  type CatalogEntry,
} from '../../src-main/catalog/catalog.js';
import { resourcePath } from '../../src-main/util/paths.js';
import { closeCase, createCase } from '../../src-main/case/case-file.js';
import { operationsReport } from '../../src-main/catalog/operations-report.js';
import { importFile } from '../../src-main/import/import-file.js';

const catalog = loadCatalog();

function entry(
  source: string,
  name: string,
  category = 'mail',
  meaning = 'Something happened.',
): Record<string, unknown> {
  return { source, name, category, meaning };
}

describe('shipped catalog integrity', () => {
  const raw: unknown = JSON.parse(
    readFileSync(resourcePath('catalog', 'operations.json'), 'utf8'),
  );

  it('passes its own validation with no problems', () => {
    expect(validateCatalog(raw)).toEqual([]);
  });

  it('holds at least 450 entries, counted per source', () => {
    const perSource: Record<string, number> = {};
    for (const e of catalog.entries) {
      perSource[e.source] = (perSource[e.source] ?? 0) + 1;
    }
    console.info(
      `catalog ${catalog.version}: ${catalog.entries.length} entries`,
      perSource,
    );
    expect(catalog.entries.length).toBeGreaterThanOrEqual(450);
    expect(catalog.version).toBe('2026.12.2');
  });

  it('has one entry per (source, name)', () => {
    const keys = catalog.entries.map((e) => `${e.source}\u0000${e.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives every entry a valid category and a meaning', () => {
    const categories: readonly string[] = CATEGORIES;
    for (const e of catalog.entries) {
      const label = `${e.source} ${e.name}`;
      expect(categories, label).toContain(e.category);
      expect(e.meaning.trim().length, label).toBeGreaterThan(10);
    }
  });

  it('is sorted by source, then name', () => {
    const keys = catalog.entries.map((e) => [e.source, e.name]);
    const sorted = [...keys].sort(([s1, n1], [s2, n2]) =>
      s1 === s2 ? compare(n1, n2) : compare(s1, s2),
    );
    expect(keys).toEqual(sorted);
  });

  it('explains why the names investigators pivot on matter', () => {
    const pivots: Array<[string, string]> = [
      ['ual', 'New-InboxRule'],
      ['ual', 'Set-Mailbox'],
      ['ual', 'Add-MailboxPermission'],
      ['ual', 'Add member to role.'],
      ['ual', 'Consent to application.'],
      ['ual', 'Set-AdminAuditLogConfig'],
      ['ual', 'AnonymousLinkCreated'],
      ['ual', 'FileDownloaded'],
      ['entra-audit', 'Add service principal credentials'],
      ['entra-audit', 'User registered security info'],
      ['entra-audit', 'Update conditional access policy'],
      ['gws:login', '2sv_disable'],
      ['gws:login', 'email_forwarding_out_of_domain'],
      ['gws:token', 'authorize'],
      ['gws:admin', 'ASSIGN_ROLE'],
    ];
    for (const [source, name] of pivots) {
      expect(catalog.lookup(source, name)?.why, name).toBeTruthy();
    }
  });

  it('is read once and cached', () => {
    expect(loadCatalog()).toBe(catalog);
  });
});

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

describe('lookups', () => {
  it.each([
    ['m365-ual', 'New-InboxRule', 'mail'],
    ['m365-ual', 'Set-Mailbox', 'mail'],
    ['m365-ual', 'Add member to role.', 'role'],
    ['m365-ual', 'Consent to application.', 'app-consent'],
    ['m365-ual', 'FileDownloaded', 'file'],
    ['m365-ual', 'AnonymousLinkCreated', 'sharing'],
    ['m365-ual', 'UserLoggedIn', 'sign-in'],
    ['m365-ual', 'Set-MailboxAuditBypassAssociation', 'policy'],
    ['entra-audit', 'Consent to application', 'app-consent'],
    ['entra-audit', 'User registered security info', 'mfa'],
    ['entra-audit', 'Update conditional access policy', 'policy'],
    ['entra-audit', 'Add member to role', 'role'],
    ['entra-signin', 'SignIn', 'sign-in'],
    ['gws-login', 'login_failure', 'sign-in'],
    ['gws-login', '2sv_disable', 'mfa'],
    ['gws-login', 'email_forwarding_out_of_domain', 'mail'],
    ['gws-gmail', 'delivery', 'mail'],
    ['gws-drive', 'download', 'file'],
    ['gws-drive', 'change_document_visibility', 'sharing'],
    ['gws-token', 'authorize', 'app-consent'],
    ['gws-admin', 'ASSIGN_ROLE', 'role'],
  ])('files %s %s under %s', (source, operation, category) => {
    expect(catalog.forEvent(source, operation)?.category).toBe(category);
    expect(catalog.categoryFor(source, operation)).toBe(category);
  });

  it('matches exactly before it folds case', () => {
    const hit = catalog.forEvent('m365-ual', 'new-inboxrule');
    expect(hit?.name).toBe('New-InboxRule');
    expect(hit?.category).toBe('mail');
    expect(catalog.lookup('ual', 'Add User.')?.name).toBe('Add user.');
  });

  it('adds or drops the UAL trailing period, for ual only', () => {
    expect(catalog.lookup('ual', 'Add member to role')?.name).toBe(
      'Add member to role.',
    );
    expect(catalog.lookup('ual', 'New-InboxRule.')?.name).toBe(
      'New-InboxRule',
    );
    expect(catalog.lookup('entra-audit', 'Add member to role.')).toBe(
      undefined,
    );
  });

  it('falls back from a UAL operation to the Entra audit name', () => {
    const operation = 'Update conditional access policy.';
    const hit = catalog.forEvent('m365-ual', operation);
    expect(hit?.source).toBe('entra-audit');
    expect(hit?.category).toBe('policy');
  });

  it('accepts Google event names qualified by their application', () => {
    const hit = catalog.forEvent('gws-drive', 'drive.download');
    expect(hit?.source).toBe('gws:drive');
    expect(hit?.name).toBe('download');
    expect(catalog.forEvent('gws-drive', 'login.download')).toBe(undefined);
  });

  it('keeps names that differ per application apart', () => {
    expect(catalog.forEvent('gws-saml', 'login_success')?.source).toBe(
      'gws:saml',
    );
    expect(catalog.forEvent('gws-login', 'login_success')?.source).toBe(
      'gws:login',
    );
  });

  it('does not guess beyond case and the trailing period', () => {
    expect(catalog.lookup('ual', 'New-InboxRul')).toBe(undefined);
    expect(catalog.lookup('ual', ' New-InboxRule')).toBe(undefined);
    expect(catalog.forEvent('gws-nosuchapp', 'login_success')).toBe(undefined);
    expect(catalog.forEvent('unknown', 'New-InboxRule')).toBe(undefined);
    expect(catalog.categoryFor('m365-ual', 'NoSuchOperation')).toBe('other');
  });

  it('explains sign-in error codes given as text or number', () => {
    const wrongPassword = catalog.signInError('50126');
    expect(wrongPassword?.category).toBe('sign-in');
    expect(wrongPassword?.meaning).toMatch(/invalid/i);
    expect(wrongPassword?.meaning).toMatch(/password/i);
    expect(catalog.signInError(50126)).toBe(wrongPassword);
    expect(catalog.signInError(0)?.meaning).toMatch(/success/i);
    expect(catalog.signInError('500121')?.category).toBe('mfa');
    expect(catalog.signInError('999999999')).toBe(undefined);
  });

  it('names the RecordType enum member', () => {
    const sts = catalog.recordType(15);
    expect(sts?.meaning).toContain('AzureActiveDirectoryStsLogon');
    expect(sts?.category).toBe('sign-in');
    expect(catalog.recordType('15')).toBe(sts);
    expect(catalog.recordType(1)?.meaning).toContain('ExchangeAdmin');
  });

  it('builds from entries given in code', () => {
    const entries: CatalogEntry[] = [
      { source: 'ual', name: 'X.', category: 'admin', meaning: 'An x.' },
    ];
    const small = new Catalog('test', entries);
    expect(small.forEvent('m365-ual', 'x')?.name).toBe('X.');
    expect(small.categoryFor('gws-login', 'x')).toBe('other');
  });
});

describe('validateCatalog', () => {
  const valid = { version: '1', entries: [entry('ual', 'Send')] };

  it('accepts a well-formed catalog', () => {
    expect(validateCatalog(valid)).toEqual([]);
  });

  it('rejects a bad category, naming the entry', () => {
    const bad = { version: '1', entries: [entry('ual', 'Send', 'email')] };
    const problems = validateCatalog(bad);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('"Send"');
    expect(problems[0]).toContain('unknown category "email"');
  });

  it('rejects a duplicate (source, name), naming both entries', () => {
    const dup = {
      version: '1',
      entries: [
        entry('ual', 'Send'),
        entry('gws:gmail', 'Send'),
        entry('ual', 'Send'),
      ],
    };
    const problems = validateCatalog(dup);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^entries\[2\] \(ual "Send"\)/);
    expect(problems[0]).toContain('duplicate of entries[0]');
  });

  it('treats names differing only in case as duplicates', () => {
    const dup = {
      version: '1',
      entries: [entry('ual', 'Add user.'), entry('ual', 'Add User.')],
    };
    expect(validateCatalog(dup)[0]).toContain('"Add User."');
  });

  it('rejects an empty meaning, naming the entry', () => {
    const empty = {
      version: '1',
      entries: [entry('entra-audit', 'Add user', 'admin', '  ')],
    };
    const problems = validateCatalog(empty);
    expect(problems).toEqual([
      'entries[0] (entra-audit "Add user"): meaning is empty',
    ]);
  });

  it('rejects unknown sources and non-numeric codes', () => {
    const bad = {
      version: '1',
      entries: [
        entry('exchange', 'Send'),
        entry('entra-signin-error', 'AADSTS50126', 'sign-in'),
      ],
    };
    const problems = validateCatalog(bad);
    expect(problems[0]).toContain('unknown source');
    expect(problems[1]).toContain('name must be a number');
  });

  it('rejects a file that is not a catalog at all', () => {
    expect(validateCatalog(null)).toEqual(['catalog is not a JSON object']);
    expect(validateCatalog({ entries: 3 })).toEqual([
      'catalog has no version string',
      'catalog has no entries array',
    ]);
    expect(validateCatalog({ version: '1', entries: [7] })).toEqual([
      'entries[0] is not an object',
    ]);
  });
});

// --- Every operation name in the shared sample logs has an entry. ---

const sharedDir = fileURLToPath(new URL('../../../shared/', import.meta.url));
const hasShared = existsSync(sharedDir);

/** A name found in a sample log: catalog source, name, file. */
type Found = { source: string; name: string; file: string };

const LOG_FILE = /\.(json|jsonl|log|txt|csv)$/;
// Expected-output files hold normalised values (e.g. `drive.create`,
// `SignIn`), not names as the logs write them.
const EXPECTED_FILE = /[.-]expected\.json$/;
const ENTRA_KEYS = ['activityDisplayName', 'operationName', 'OperationName'];

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

function readText(path: string): string {
  const bytes = readFileSync(path);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return bytes.subarray(2).toString('utf16le');
  }
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // Not JSON, or published malformed: scan lines instead.
  }
}

function walk(value: unknown, file: string, out: Found[]): void {
  if (typeof value === 'string') return walkEmbedded(value, file, out);
  if (Array.isArray(value)) {
    for (const item of value) walk(item, file, out);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  collectNames(record, file, out);
  for (const child of Object.values(record)) walk(child, file, out);
}

// Wrappers carry records as JSON text (`event.original`, `AuditData`).
function walkEmbedded(text: string, file: string, out: Found[]): void {
  if (!/^\s*[[{]/.test(text)) return;
  const parsed = tryJson(text);
  if (parsed !== undefined) walk(parsed, file, out);
}

function collectNames(
  record: Record<string, unknown>,
  file: string,
  out: Found[],
): void {
  const add = (source: string, name: unknown): void => {
    if (typeof name === 'string') out.push({ source, name, file });
  };
  add('ual', record.Operation);
  add('ual', record.operation);
  for (const key of ENTRA_KEYS) {
    if (record[key] !== 'Sign-in activity') add('entra-audit', record[key]);
  }
  const id = record.id as Record<string, unknown> | undefined;
  if (typeof id?.applicationName !== 'string') return;
  const source = `gws:${id.applicationName}`;
  add(source, record.name);
  if (!Array.isArray(record.events)) return;
  for (const event of record.events) add(source, event?.name);
}

function scanFile(path: string, out: Found[]): void {
  const text = readText(path);
  if (path.endsWith('.csv')) return scanCsv(text, path, out);
  const whole = tryJson(text.trim());
  if (whole !== undefined) return walk(whole, path, out);
  for (const line of text.split(/\r?\n/)) {
    const listed = /^Operations?\s*:\s*(\S.*?)\s*$/.exec(line);
    if (listed) out.push({ source: 'ual', name: listed[1], file: path });
    const parsed = tryJson(line);
    if (parsed !== undefined) walk(parsed, path, out);
  }
}

function scanCsv(text: string, path: string, out: Found[]): void {
  const body = text.replace(/^#TYPE[^\n]*\n/, '');
  const rows = parseCsv(body, { columns: true, relax_column_count: true });
  for (const row of rows as Array<Record<string, string>>) {
    for (const key of ['Operation', 'Operations']) {
      if (row[key]) out.push({ source: 'ual', name: row[key], file: path });
    }
    if (row.AuditData) walkEmbedded(row.AuditData, path, out);
  }
}

function scanShared(): Found[] {
  const dirs = ['corpus', 'cases'].map((d) => join(sharedDir, d));
  const files = dirs.filter(existsSync).flatMap(listFiles);
  const found: Found[] = [];
  for (const file of files) {
    if (LOG_FILE.test(file) && !EXPECTED_FILE.test(file)) {
      scanFile(file, found);
    }
  }
  return found;
}

describe('coverage of the shared sample logs', () => {
  if (!hasShared) {
    console.warn(
      `catalog coverage NOT checked: shared folder missing at ${sharedDir}`,
    );
    it.skip(`every sample operation name is catalogued (no ${sharedDir})`);
    return;
  }

  it('has an entry, under the right source, for every name found', () => {
    const found = scanShared();
    const distinct = new Set(found.map((f) => `${f.source}\t${f.name}`));
    const missing = found
      .filter((f) => catalog.lookup(f.source, f.name) === undefined)
      .map((f) => `${f.source} "${f.name}" in ${relative(sharedDir, f.file)}`);

    console.info(`${distinct.size} distinct names in the shared samples`);
    expect(distinct.size).toBeGreaterThan(100);
    expect([...new Set(missing)]).toEqual([]);
  });
});

describe('categories of the imported shared corpus', () => {
  it.skipIf(!hasShared)('gives every event a category and reports the ' +
    'share of other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-catalog-'));
    const c = createCase(join(dir, 'corpus.ttcase'), { caseNumber: 'CAT',
      title: 'corpus', examiner: 'E' });
    try {
      for (const f of corpusLogs(join(sharedDir, 'corpus'))) {
        await importFile(c, f, { dateOrder: 'mdy' });
      }
      const cats = c.db.prepare('SELECT DISTINCT category FROM event')
        .pluck().all() as string[];
      expect(cats.every((x) => (CATEGORIES as readonly string[])
        .includes(x))).toBe(true);
      const r = operationsReport(c.db, catalog);
      const share = (100 * r.otherEvents / r.events).toFixed(1);
      console.info(`corpus: ${r.events} events, ${r.unknownEvents} of ` +
        `unknown operations, ${share}% in category "other"`);
      expect([r.events, r.unknownEvents, share]).toEqual(CORPUS_SHARE);
    } finally {
      closeCase(c);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Events, events of unknown operations, and % other, of the corpus. */
const CORPUS_SHARE = [198, 0, '3.0'];

/** The log files of the corpus: not the peers' expected-output files. */
function corpusLogs(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !/expected|\.md$/i.test(
      join(e.parentPath, e.name)))
    .map((e) => join(e.parentPath, e.name)).sort();
}
