import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  exportBundle,
  type ExportSummary,
} from '../../src-main/bundle/export-bundle.js';
import { groupedFingerprint } from '../../src-main/bundle/signing-key.js';
import {
  HOSTILE,
  buildFixtureCase,
  readZip,
  withCase,
  type FixtureCase,
} from './case-fixture.js';

let fixture: FixtureCase;
let summary: ExportSummary;
let zip: Map<string, Buffer>;

beforeAll(async () => {
  fixture = await buildFixtureCase();
  summary = await withCase(fixture.casePath, (db) =>
    exportBundle(db, {
      out: join(fixture.dir, 'bundle.zip'),
      keyDir: fixture.keyDir,
      exportedAt: fixture.exportedAt,
    }),
  );
  zip = await readZip(summary.out);
}, 60_000);

/** True when a command-line tool can be run. */
function have(tool: string): boolean {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    // Not installed: the tests that need it are skipped.
    return false;
  }
}

const havePoppler = have('pdftotext') && have('pdftoppm');

/** The tags of an HTML page with their attribute names. */
function tagsOf(html: string): { name: string; attrs: string[] }[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)].map((m) => ({
    name: m[1].toLowerCase(),
    attrs: [...m[2].matchAll(/\s([a-zA-Z-]+)=/g)].map((a) => a[1].toLowerCase()),
  }));
}

describe('the HTML report', () => {
  let html: string;
  beforeAll(() => {
    html = zip.get('report.html')!.toString('utf8');
  });

  test('shows hostile log content as literal, inert text', () => {
    expect(html).toContain(
      'Finding 1: Inbox rule hides mail &lt;img src=x onerror=alert(1)&gt;',
    );
    expect(html).toContain(
      'Explanation of finding 1: &lt;script&gt;alert(&#39;ua&#39;)' +
        '&lt;/script&gt;',
    );
    expect(html).toContain('ual-[U+202E]lnosj.jsonl');
    expect(html).not.toContain('\u202e');
  });

  test('has no script, image, link, form or event handler', () => {
    const tags = tagsOf(html);
    const names = new Set(tags.map((t) => t.name));
    for (const bad of ['script', 'img', 'a', 'form', 'iframe', 'object']) {
      expect(names.has(bad)).toBe(false);
    }
    const attrs = new Set(tags.flatMap((t) => t.attrs));
    expect([...attrs].sort()).toEqual([
      'charset',
      'class',
      'content',
      'http-equiv',
      'lang',
      'name',
    ]);
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'">/,
    );
  });

  test('shows the signer fingerprint and how to verify', () => {
    expect(html).toContain(groupedFingerprint(summary.fingerprint));
    expect(html).toContain(
      `tenant-trail verify --fingerprint ${summary.fingerprint} ` +
        '&lt;bundle.zip&gt;',
    );
    for (const h of [
      'Summary',
      'Scope',
      'Evidence files',
      'Findings',
      'Users in scope',
      'Custody log',
      'How to verify this bundle',
    ]) {
      expect(html).toContain(`<h2>${h}</h2>`);
    }
  });
});

describe.skipIf(!havePoppler)('the PDF report', () => {
  let pdfPath: string;
  let text: string;
  beforeAll(() => {
    pdfPath = join(fixture.dir, 'report.pdf');
    writeFileSync(pdfPath, zip.get('report.pdf')!);
    text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], {
      encoding: 'utf8',
    });
  });

  test('shows the findings, the evidence and the fingerprint', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Evidence bundle: case TT-2025-017');
    expect(flat).toContain(`Finding 1: ${HOSTILE.findingTitle}`);
    expect(flat).toContain('Finding 2: Download of an unusual file');
    expect(flat).toContain('Severity: high (status: open)');
    expect(flat).toContain('E002: ual-[U+202E]lnosj.jsonl (1876 bytes)');
    expect(flat).toContain(groupedFingerprint(summary.fingerprint));
    expect(flat).toContain('How to verify this bundle');
    expect(text).not.toContain('\u202e');
  });

  test('numbers its pages', () => {
    const pages = [...text.matchAll(/Case TT-2025-017 - page (\d+) of (\d+)/g)];
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.map((p) => Number(p[1]))).toEqual(
      pages.map((_, i) => i + 1),
    );
  });

  test('renders its first page to a PNG that is not blank', () => {
    const base = join(fixture.dir, 'page');
    execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1',
      '-singlefile', pdfPath, base]);
    const png = readFileSync(`${base}.png`);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const width = png.readUInt32BE(16);
    expect(width).toBe(Math.round((595.28 / 72) * 40));
    execFileSync('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', '1',
      '-singlefile', pdfPath, base]);
    const pgm = readFileSync(`${base}.pgm`);
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(
      pgm.subarray(0, 32).toString('latin1'),
    )!;
    const pixels = pgm.subarray(header[0].length);
    expect(pixels.length).toBe(Number(header[1]) * Number(header[2]));
    const dark = pixels.filter((v) => v < 128).length;
    expect(dark / pixels.length).toBeGreaterThan(0.01);
  });
});

describe('the CSV of events', () => {
  test('escapes every cell that a spreadsheet would run as a formula', () => {
    const rows = parse(zip.get('events/events.csv')!) as string[][];
    const cells = rows.flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    const header = rows[0];
    const col = (name: string) => header.indexOf(name);
    const download = rows.find((r) => r[col('operation')] === 'FileDownloaded')!;
    expect(download[col('target')]).toBe(`'${HOSTILE.formula}`);
    const bob = rows.find((r) => r[col('user')] === 'bob@contoso.example')!;
    expect(bob[col('user_agent')]).toBe("'@SUM(1+1)*cmd|' /C calc'!A0");
  });

  test('keeps the original values in JSON Lines', () => {
    const text = zip.get('events/events.jsonl')!.toString('utf8');
    const events = text.trimEnd().split('\n').map((l) => JSON.parse(l));
    const download = events.find((e) => e.operation === 'FileDownloaded');
    expect(download.target).toBe(HOSTILE.formula);
  });
});

describe('secrets', () => {
  test('no part of the bundle holds the private signing key', () => {
    const pem = readFileSync(summary.keyPath, 'utf8');
    const key = createPrivateKey(pem);
    const der = key.export({ type: 'pkcs8', format: 'der' });
    const seed = der.subarray(der.length - 32);
    const needles = [
      Buffer.from('PRIVATE KEY'),
      Buffer.from(pem.split('\n')[1]),
      der,
      seed,
      Buffer.from(seed.toString('hex')),
      Buffer.from(seed.toString('base64')),
      Buffer.from(seed.toString('base64url')),
    ];
    const whole = readFileSync(summary.out);
    for (const [name, bytes] of [...zip, ['(zip)', whole] as const]) {
      for (const n of needles) {
        expect({ name, found: bytes.includes(n) }).toEqual({
          name,
          found: false,
        });
      }
    }
  });

  test('no part of the bundle names the key file or a token', () => {
    const words = [summary.keyPath, fixture.keyDir, 'token', 'password='];
    for (const [name, bytes] of zip) {
      if (name.startsWith('evidence/') && name !== 'evidence/index.json') {
        continue;
      }
      const text = bytes.toString('latin1').toLowerCase();
      for (const w of words) {
        expect({ name, w, found: text.includes(w.toLowerCase()) }).toEqual({
          name,
          w,
          found: false,
        });
      }
    }
  });
});
