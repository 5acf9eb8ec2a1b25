/**
 * The evidence bundle for authorities: one deterministic ZIP with the
 * original evidence files, the normalized events, findings, annotations,
 * custody log, case metadata, reports, a CASE/UCO document, and a
 * manifest signed with the examiner's key.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { TrailError } from '../../src-shared/errors.js';
import { closeCase, openCase, readPolicy } from '../case/case-file.js';
import { appendCustody, type CustodyEntry } from '../case/custody.js';
import { canonicalJson } from '../util/canonical-json.js';
import { sha256Hex } from '../util/hash.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { scopeJson, scopeLines, type BundleScope } from './bundle-scope.js';
import {
  caseMetadata,
  geoDatabases,
  importerVersions,
} from './case-metadata.js';
import { caseUcoDocument } from './case-uco.js';
import { eventsCsv, eventsJsonl } from './event-files.js';
import {
  evidenceIndex,
  evidencePath,
  originalBytes,
} from './evidence-items.js';
import { prepareExport, type ExportContext } from './export-context.js';
import {
  BUNDLE_FORMAT,
  CUSTODY,
  EVIDENCE_INDEX,
  MANIFEST,
  PUBLIC_KEY,
  SIGNATURE,
  manifestBytes,
  type Manifest,
  type ManifestFile,
} from './manifest.js';
import { renderReportHtml } from './report-html.js';
import { buildReportModel } from './report-model.js';
import { renderReportPdf } from './report-pdf.js';
import { signBytes } from './signing-key.js';
import { BundleZipWriter } from './zip-writer.js';

/** The steps of an export, in the order they run. */
export type ExportPhase =
  | 'evidence'
  | 'events-csv'
  | 'events-jsonl'
  | 'report'
  | 'sign';

/** Progress of one step: bytes for evidence, events, or steps. */
export interface ExportProgress {
  phase: ExportPhase;
  done: number;
  total: number;
}

/** What to export, where, and as whom. */
export interface ExportOptions {
  scope?: BundleScope;
  out: string;
  examiner?: string;
  exportedAt?: string | Date;
  keyDir?: string;
  overwrite?: boolean;
  /**
   * Whether to append `export.bundle` to the custody log (default true).
   * False leaves the case file untouched, for a case on read-only media.
   */
  recordCustody?: boolean;
  onProgress?: (p: ExportProgress) => void;
}

/** What an export wrote and how the case recorded it. */
export interface ExportSummary {
  out: string;
  sha256: string;
  size: number;
  exportedAt: string;
  examiner: string;
  fingerprint: string;
  keyPath: string;
  counts: Record<string, number>;
  /** The custody entry recording the export; null when not recorded. */
  custodySeq: number | null;
}

/**
 * Writes an evidence bundle. Reads the case only; the one write is the
 * `export.bundle` custody entry with the bundle's SHA-256, made through
 * a short-lived writable connection once the bundle is complete (unless
 * `recordCustody` is false).
 */
export async function exportBundle(
  db: Database.Database,
  opts: ExportOptions,
): Promise<ExportSummary> {
  const out = resolve(opts.out);
  if (existsSync(out) && !opts.overwrite) {
    throw new TrailError('BAD_REQUEST', `${out} already exists`);
  }
  if (!existsSync(dirname(out))) {
    throw new TrailError('BAD_REQUEST',
      `cannot write ${out}: the folder ${dirname(out)} does not exist`);
  }
  const ctx = prepareExport(db, opts);
  const digest = await writeAtomically(out, (zip) =>
    writeBundle(zip, ctx, opts.onProgress ?? (() => undefined)),
  );
  let entry: CustodyEntry | null = null;
  try {
    if (opts.recordCustody !== false) {
      entry = await recordExport(db, ctx, out, digest);
    }
  } catch (err) {
    rmSync(out, { force: true });
    throw err;
  }
  return {
    out,
    ...digest,
    exportedAt: ctx.exportedAt,
    examiner: ctx.examiner,
    fingerprint: ctx.key.fingerprint,
    keyPath: ctx.key.path,
    counts: ctx.counts,
    custodySeq: entry?.seq ?? null,
  };
}

async function writeAtomically(
  out: string,
  write: (zip: BundleZipWriter) => Promise<void>,
): Promise<{ sha256: string; size: number }> {
  const partial = `${out}.partial`;
  const zip = new BundleZipWriter(partial);
  try {
    await write(zip);
    const digest = await zip.finish();
    renameSync(partial, out);
    return digest;
  } catch (err) {
    await zip.abort(err as Error);
    rmSync(partial, { force: true });
    throw err;
  }
}

async function writeBundle(
  zip: BundleZipWriter,
  ctx: ExportContext,
  progress: (p: ExportProgress) => void,
): Promise<void> {
  await zip.add('case.json', json(caseJson(ctx)));
  await zip.add(EVIDENCE_INDEX, json(evidenceIndex(ctx.evidence)));
  await addEvidence(zip, ctx, progress);
  const derived = await addEvents(zip, ctx, progress);
  await zip.add('findings.jsonl', jsonLines(ctx.findings));
  await zip.add('annotations.jsonl', jsonLines(ctx.annotations));
  await zip.add(CUSTODY, custodyLines(ctx.custody));
  await zip.add('case-uco.jsonld', json(caseUco(ctx, derived)));
  progress({ phase: 'report', done: 0, total: 2 });
  const model = buildReportModel(reportInput(ctx));
  await zip.add('report.html', Buffer.from(renderReportHtml(model), 'utf8'));
  await zip.add('report.pdf', await renderReportPdf(model));
  progress({ phase: 'report', done: 2, total: 2 });
  await sign(zip, ctx);
  progress({ phase: 'sign', done: 1, total: 1 });
}

async function addEvidence(
  zip: BundleZipWriter,
  ctx: ExportContext,
  progress: (p: ExportProgress) => void,
): Promise<void> {
  const total = ctx.evidence.reduce((n, e) => n + e.size, 0);
  let done = 0;
  const onBytes = (n: number) =>
    progress({ phase: 'evidence', done: (done += n), total });
  progress({ phase: 'evidence', done, total });
  for (const e of ctx.evidence) {
    await zip.add(evidencePath(e.sha256), originalBytes(ctx.db, e, onBytes));
  }
}

async function addEvents(
  zip: BundleZipWriter,
  ctx: ExportContext,
  progress: (p: ExportProgress) => void,
): Promise<ManifestFile[]> {
  const total = ctx.counts.events;
  const files: ManifestFile[] = [];
  for (const [phase, name, make] of [
    ['events-csv', 'events/events.csv', eventsCsv],
    ['events-jsonl', 'events/events.jsonl', eventsJsonl],
  ] as const) {
    let done = 0;
    progress({ phase, done, total });
    const onEvents = (n: number) =>
      progress({ phase, done: (done += n), total });
    const pieces = make({
      db: ctx.db,
      cond: ctx.cond,
      evidence: ctx.evidenceById,
      onEvents,
    });
    files.push(await zip.add(name, pieces));
  }
  return files;
}

async function sign(zip: BundleZipWriter, ctx: ExportContext): Promise<void> {
  await zip.add(PUBLIC_KEY, Buffer.from(ctx.key.publicKeyPem, 'utf8'));
  const bytes = manifestBytes(manifestOf(ctx, [...zip.files]));
  await zip.add(MANIFEST, bytes);
  await zip.add(SIGNATURE, signBytes(ctx.key, bytes));
}

function manifestOf(ctx: ExportContext, files: ManifestFile[]): Manifest {
  const head = ctx.custody[ctx.custody.length - 1];
  return {
    format: BUNDLE_FORMAT,
    formatVersion: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    case: { caseNumber: ctx.info.caseNumber, title: ctx.info.title },
    exportedAt: ctx.exportedAt,
    exportedBy: ctx.examiner,
    scope: scopeJson(ctx.scope),
    counts: ctx.counts,
    custody: {
      entries: ctx.custody.length,
      headHash: head?.hash ?? '0'.repeat(64),
    },
    signer: {
      algorithm: 'Ed25519',
      publicKey: ctx.key.publicKeyPem,
      fingerprint: ctx.key.fingerprint,
    },
    files,
  };
}

function caseJson(ctx: ExportContext): Record<string, unknown> {
  return caseMetadata({
    info: ctx.info,
    policy: readPolicy(ctx.db),
    geo: geoDatabases(ctx.db),
    importerVersions: importerVersions(ctx.db),
    scope: scopeJson(ctx.scope),
    exportedAt: ctx.exportedAt,
    exportedBy: ctx.examiner,
    counts: ctx.counts,
  });
}

function caseUco(
  ctx: ExportContext,
  derived: ManifestFile[],
): Record<string, unknown> {
  return caseUcoDocument({
    info: ctx.info,
    evidence: ctx.evidence,
    derived,
    exportedAt: ctx.exportedAt,
    exportedBy: ctx.examiner,
    scopeDigest: sha256Hex(
      canonicalJson({
        caseNumber: ctx.info.caseNumber,
        scope: scopeJson(ctx.scope),
        exportedAt: ctx.exportedAt,
      }),
    ),
  });
}

function reportInput(ctx: ExportContext) {
  return {
    db: ctx.db,
    cond: ctx.cond,
    info: ctx.info,
    exportedAt: ctx.exportedAt,
    exportedBy: ctx.examiner,
    scope: scopeLines(ctx.scope),
    counts: ctx.counts,
    evidence: ctx.evidence,
    evidenceById: ctx.evidenceById,
    findings: ctx.findings,
    custody: ctx.custody,
    geo: geoDatabases(ctx.db),
    fingerprint: ctx.key.fingerprint,
  };
}

function json(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
}

function jsonLines(values: readonly unknown[]): Buffer {
  return Buffer.from(values.map((v) => `${JSON.stringify(v)}\n`).join(''));
}

/** The custody log as JSON Lines, each entry in RFC 8785 canonical form. */
function custodyLines(entries: readonly CustodyEntry[]): Buffer {
  return Buffer.from(entries.map((e) => `${canonicalJson(e)}\n`).join(''));
}

/**
 * Appends `export.bundle` to the custody log. Its time must follow the
 * export time, so that a re-export of the same moment leaves it out.
 */
async function recordExport(
  db: Database.Database,
  ctx: ExportContext,
  out: string,
  digest: { sha256: string; size: number },
): Promise<CustodyEntry> {
  while (Date.now() <= Date.parse(ctx.exportedAt)) await sleep(1);
  const details = {
    file: out,
    sha256: digest.sha256,
    size: digest.size,
    exportedAt: ctx.exportedAt,
    scope: scopeJson(ctx.scope),
    counts: ctx.counts,
    signerFingerprint: ctx.key.fingerprint,
    toolVersion: TOOL_VERSION,
  };
  if (!db.readonly) {
    return db.transaction(() =>
      appendCustody(db, ctx.examiner, 'export.bundle', details),
    )();
  }
  const writable = openCase(db.name);
  try {
    return writable.db.transaction(() =>
      appendCustody(writable.db, ctx.examiner, 'export.bundle', details),
    )();
  } finally {
    closeCase(writable);
  }
}
