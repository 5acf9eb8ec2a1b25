/**
 * The bundle manifest: every other file with its SHA-256 and size, the
 * export facts, and the signer's public key. Its exact bytes are what
 * `manifest.sig` signs.
 */
import { z } from 'zod';

/** Name of the manifest inside a bundle. */
export const MANIFEST = 'manifest.json';
/** Name of the detached Ed25519 signature of the manifest. */
export const SIGNATURE = 'manifest.sig';
/** Name of the signer's public key (PEM). */
export const PUBLIC_KEY = 'signer.pub.pem';
/** Name of the custody log copy. */
export const CUSTODY = 'custody.jsonl';
/** Name of the index mapping evidence files to their original names. */
export const EVIDENCE_INDEX = 'evidence/index.json';

/** The format marker of a bundle manifest. */
export const BUNDLE_FORMAT = 'tenant-trail-bundle';

const HEX64 = /^[0-9a-f]{64}$/;

const fileSchema = z.object({
  path: z.string().min(1),
  sha256: z.string().regex(HEX64),
  size: z.number().int().nonnegative(),
});

/** One file listed in the manifest. */
export type ManifestFile = z.infer<typeof fileSchema>;

/** The manifest schema; a verifier checks a bundle's manifest with it. */
export const manifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.literal(1),
  tool: z.object({ name: z.string(), version: z.string() }),
  case: z.object({ caseNumber: z.string(), title: z.string() }),
  exportedAt: z.string(),
  exportedBy: z.string(),
  scope: z.record(z.unknown()),
  counts: z.record(z.number()),
  custody: z.object({
    entries: z.number().int().nonnegative(),
    headHash: z.string(),
  }),
  signer: z.object({
    algorithm: z.literal('Ed25519'),
    publicKey: z.string(),
    fingerprint: z.string().regex(HEX64),
  }),
  files: z.array(fileSchema),
});

/** The manifest of a bundle. */
export type Manifest = z.infer<typeof manifestSchema>;

/** The manifest's bytes: indented JSON, one trailing newline. */
export function manifestBytes(m: Manifest): Buffer {
  return Buffer.from(`${JSON.stringify(m, null, 2)}\n`, 'utf8');
}
