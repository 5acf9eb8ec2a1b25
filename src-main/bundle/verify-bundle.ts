/**
 * Verification of an evidence bundle by its receiver, trusting nothing
 * but the bundle: the signature over the manifest, every file's hash and
 * size, no file missing or added, evidence files that hash to their
 * names, and the custody hash chain.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { TrailError } from '../../src-shared/errors.js';
import { z } from 'zod';
import { verifyCustodyChain, type CustodyEntry } from '../case/custody.js';
import {
  CUSTODY,
  EVIDENCE_INDEX,
  MANIFEST,
  PUBLIC_KEY,
  SIGNATURE,
  manifestSchema,
  type Manifest,
} from './manifest.js';
import { fingerprintOf, verifySignature } from './signing-key.js';
import { readBundleZip, type ReadBundle } from './zip-reader.js';

/** One thing wrong with one file of a bundle. */
export interface BundleProblem {
  file: string;
  problem: string;
}

/** The verdict on a bundle. */
export interface VerifyReport {
  ok: boolean;
  problems: BundleProblem[];
  checked: string[];
  fingerprint: string | null;
  caseNumber: string | null;
  exportedAt: string | null;
  exportedBy: string | null;
}

/** Files whose bytes the checks parse. */
const PARSED = new Set([
  MANIFEST, SIGNATURE, PUBLIC_KEY, CUSTODY, EVIDENCE_INDEX,
]);

const EVIDENCE_FILE = /^evidence\/([0-9a-f]{64})$/;

/** What the receiver knows beforehand. */
export interface VerifyOptions {
  /**
   * The signer's key fingerprint as the examiner gave it by another
   * channel: without it, a bundle re-signed with another key verifies.
   */
  expectedFingerprint?: string;
}

/** Verifies a bundle; never throws for a bad bundle, only reports. */
export async function verifyBundle(
  zipPath: string,
  opts: VerifyOptions = {},
): Promise<VerifyReport> {
  if (!existsSync(zipPath)) {
    throw new TrailError('FILE_NOT_FOUND', `${zipPath} does not exist`);
  }
  let bundle: ReadBundle;
  try {
    bundle = await readBundleZip(zipPath, (name) => PARSED.has(name));
  } catch (err) {
    const problem = `is not a readable ZIP archive: ${(err as Error).message}`;
    return verdict([{ file: basename(zipPath), problem }], [], null, null);
  }
  const problems: BundleProblem[] = [...readProblems(bundle)];
  const manifest = parseManifest(bundle, problems);
  const fingerprint = checkSignature(bundle, manifest, problems);
  checkExpectedSigner(fingerprint, opts.expectedFingerprint, problems);
  if (manifest) checkFiles(bundle, manifest, problems);
  checkEvidenceNames(bundle, problems);
  checkEvidenceIndex(bundle, problems);
  checkCustody(bundle, manifest, problems);
  return verdict(problems, [...bundle.entries.keys()], manifest, fingerprint);
}

function verdict(
  problems: BundleProblem[],
  checked: string[],
  manifest: Manifest | null,
  fingerprint: string | null,
): VerifyReport {
  return {
    ok: problems.length === 0,
    problems,
    checked,
    fingerprint,
    caseNumber: manifest?.case.caseNumber ?? null,
    exportedAt: manifest?.exportedAt ?? null,
    exportedBy: manifest?.exportedBy ?? null,
  };
}

function readProblems(bundle: ReadBundle): BundleProblem[] {
  const out = bundle.duplicates.map((file) => ({
    file,
    problem: 'appears more than once in the ZIP archive',
  }));
  for (const e of bundle.entries.values()) {
    if (e.error) out.push({ file: e.name, problem: `cannot be read: ${e.error}` });
  }
  return out;
}

function bytesOf(bundle: ReadBundle, name: string): Buffer | null {
  return bundle.entries.get(name)?.bytes ?? null;
}

function parseManifest(
  bundle: ReadBundle,
  problems: BundleProblem[],
): Manifest | null {
  const bytes = bytesOf(bundle, MANIFEST);
  if (!bytes) {
    problems.push({ file: MANIFEST, problem: 'is missing' });
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    const why = (err as Error).message;
    problems.push({ file: MANIFEST, problem: `is not valid JSON (${why})` });
    return null;
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const why = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`)
      .join('; ');
    problems.push({ file: MANIFEST, problem: `is not a bundle manifest (${why})` });
    return null;
  }
  return parsed.data;
}

/** Checks the signature; returns the fingerprint of the bundle's key. */
function checkSignature(
  bundle: ReadBundle,
  manifest: Manifest | null,
  problems: BundleProblem[],
): string | null {
  const pem = bytesOf(bundle, PUBLIC_KEY)?.toString('utf8') ?? null;
  const sig = bytesOf(bundle, SIGNATURE);
  const data = bytesOf(bundle, MANIFEST);
  const fingerprint = pem ? safeFingerprint(pem) : null;
  if (!pem) problems.push({ file: PUBLIC_KEY, problem: 'is missing' });
  else if (!fingerprint) {
    problems.push({ file: PUBLIC_KEY, problem: 'is not an Ed25519 public key' });
  }
  if (!sig) problems.push({ file: SIGNATURE, problem: 'is missing' });
  if (pem && fingerprint && sig && data) {
    if (!verifySignature(pem, data, sig)) {
      problems.push({
        file: SIGNATURE,
        problem:
          `does not verify over ${MANIFEST} with the key in ${PUBLIC_KEY}: ` +
          `${MANIFEST} or ${SIGNATURE} was changed after signing`,
      });
    }
  }
  if (manifest && fingerprint) checkSigner(manifest, fingerprint, problems);
  return fingerprint;
}

function checkExpectedSigner(
  fingerprint: string | null,
  expected: string | undefined,
  problems: BundleProblem[],
): void {
  if (expected === undefined || fingerprint === null) return;
  const want = expected.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (want === fingerprint) return;
  problems.push({
    file: PUBLIC_KEY,
    problem:
      `holds key ${fingerprint}, not the expected key ${want}: ` +
      'the bundle was signed by someone else',
  });
}

function safeFingerprint(pem: string): string | null {
  try {
    return fingerprintOf(pem);
  } catch {
    // An unparsable key has no fingerprint; the caller reports it.
    return null;
  }
}

function checkSigner(
  manifest: Manifest,
  fingerprint: string,
  problems: BundleProblem[],
): void {
  const named = safeFingerprint(manifest.signer.publicKey);
  if (named !== fingerprint || manifest.signer.fingerprint !== fingerprint) {
    problems.push({
      file: PUBLIC_KEY,
      problem:
        `holds key ${fingerprint}, but ${MANIFEST} names key ` +
        `${manifest.signer.fingerprint}`,
    });
  }
}

function checkFiles(
  bundle: ReadBundle,
  manifest: Manifest,
  problems: BundleProblem[],
): void {
  const listed = new Set<string>();
  for (const f of manifest.files) {
    if (listed.has(f.path)) {
      problems.push({ file: f.path, problem: `is listed twice in ${MANIFEST}` });
    }
    listed.add(f.path);
    const actual = bundle.entries.get(f.path);
    if (!actual) {
      problems.push({
        file: f.path,
        problem: `is missing: ${MANIFEST} lists it, the bundle does not have it`,
      });
    } else if (!actual.error) compareFile(f, actual, problems);
  }
  for (const [name, entry] of bundle.entries) {
    if (listed.has(name) || name === MANIFEST || name === SIGNATURE) continue;
    // An empty folder entry, as `zip -r` writes, holds nothing to check.
    if (name.endsWith('/') && entry.size === 0 && !entry.error) continue;
    problems.push({
      file: name,
      problem: `was added: it is not listed in ${MANIFEST}`,
    });
  }
}

function compareFile(
  listed: { path: string; sha256: string; size: number },
  actual: { sha256: string; size: number },
  problems: BundleProblem[],
): void {
  if (actual.size !== listed.size) {
    problems.push({
      file: listed.path,
      problem:
        `has ${actual.size} bytes, ${MANIFEST} lists ${listed.size}: ` +
        'its content was changed',
    });
  } else if (actual.sha256 !== listed.sha256) {
    problems.push({
      file: listed.path,
      problem:
        `has SHA-256 ${actual.sha256}, ${MANIFEST} lists ` +
        `${listed.sha256}: its content was changed`,
    });
  }
}

function checkEvidenceNames(
  bundle: ReadBundle,
  problems: BundleProblem[],
): void {
  for (const e of bundle.entries.values()) {
    const m = EVIDENCE_FILE.exec(e.name);
    if (!m || e.error || e.sha256 === m[1]) continue;
    problems.push({
      file: e.name,
      problem:
        `hashes to ${e.sha256}, not to its name: the evidence file ` +
        'is not the original',
    });
  }
}

const indexSchema = z.array(
  z.object({ path: z.string(), sha256: z.string(), originalName: z.string() }),
);

function checkEvidenceIndex(
  bundle: ReadBundle,
  problems: BundleProblem[],
): void {
  const bytes = bytesOf(bundle, EVIDENCE_INDEX);
  const evidence = [...bundle.entries.keys()]
    .filter((n) => EVIDENCE_FILE.test(n));
  if (!bytes) {
    if (evidence.length > 0) {
      problems.push({ file: EVIDENCE_INDEX, problem: 'is missing' });
    }
    return;
  }
  const index = parseIndex(bytes);
  if (!index) {
    problems.push({
      file: EVIDENCE_INDEX,
      problem: 'is not a list of evidence files with their original names',
    });
    return;
  }
  compareIndex(index, evidence, problems);
}

function parseIndex(bytes: Buffer): z.infer<typeof indexSchema> | null {
  try {
    const parsed = indexSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    // Not JSON at all: the caller reports the index as unreadable.
    return null;
  }
}

function compareIndex(
  index: z.infer<typeof indexSchema>,
  evidence: string[],
  problems: BundleProblem[],
): void {
  const paths = new Set(index.map((i) => i.path));
  for (const i of index) {
    if (i.path !== `evidence/${i.sha256}` || !evidence.includes(i.path)) {
      problems.push({
        file: EVIDENCE_INDEX,
        problem: `lists ${i.path} (${i.originalName}), which the bundle lacks`,
      });
    }
  }
  for (const name of evidence) {
    if (paths.has(name)) continue;
    problems.push({
      file: EVIDENCE_INDEX,
      problem: `does not give the original name of ${name}`,
    });
  }
}

const custodySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  examiner: z.string(),
  action: z.string(),
  details: z.record(z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

function checkCustody(
  bundle: ReadBundle,
  manifest: Manifest | null,
  problems: BundleProblem[],
): void {
  const entry = bundle.entries.get(CUSTODY);
  if (!entry || entry.error) return;
  if (!entry.bytes) {
    problems.push({ file: CUSTODY, problem: 'is too large to check' });
    return;
  }
  const bytes = entry.bytes;
  const entries = parseCustody(bytes, problems);
  if (!entries) return;
  for (const problem of verifyCustodyChain(entries)) {
    problems.push({ file: CUSTODY, problem });
  }
  if (manifest) checkCustodyHead(entries, manifest, problems);
}

function parseCustody(
  bytes: Buffer,
  problems: BundleProblem[],
): CustodyEntry[] | null {
  const lines = bytes.toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const entries: CustodyEntry[] = [];
  for (const [i, line] of lines.entries()) {
    const parsed = parseCustodyLine(line);
    if (!parsed) {
      problems.push({
        file: CUSTODY,
        problem: `line ${i + 1} is not a custody entry`,
      });
      return null;
    }
    entries.push(parsed);
  }
  return entries;
}

function parseCustodyLine(line: string): CustodyEntry | null {
  try {
    const parsed = custodySchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    // Not JSON: reported by the caller with its line number.
    return null;
  }
}

function checkCustodyHead(
  entries: readonly CustodyEntry[],
  manifest: Manifest,
  problems: BundleProblem[],
): void {
  const head = entries[entries.length - 1]?.hash ?? '0'.repeat(64);
  const want = manifest.custody;
  if (entries.length !== want.entries || head !== want.headHash) {
    problems.push({
      file: CUSTODY,
      problem:
        `ends at entry ${entries.length} with hash ${head}, but ` +
        `${MANIFEST} records ${want.entries} entries ending with ` +
        `${want.headHash}: entries were removed or added`,
    });
  }
}
