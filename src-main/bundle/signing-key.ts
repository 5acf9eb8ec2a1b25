/**
 * The examiner's Ed25519 signing key: created on first use, kept in the
 * examiner's home folder (never inside a case), readable by the owner
 * only. Its public key and fingerprint travel with every bundle.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TrailError } from '../../src-shared/errors.js';

/** An examiner's key pair, loaded for signing. */
export interface SigningKey {
  path: string;
  privateKey: KeyObject;
  publicKeyPem: string;
  fingerprint: string;
}

/** The folder keys are kept in unless another is given. */
export function defaultKeyDir(): string {
  return join(homedir(), '.tenant-trail', 'keys');
}

/** A file-name-safe form of an examiner's name. */
export function examinerSlug(examiner: string): string {
  const slug = examiner
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'examiner';
}

/** Loads the examiner's key, creating it (mode 0600) on first use. */
export function loadSigningKey(
  examiner: string,
  keyDir: string = defaultKeyDir(),
): SigningKey {
  const path = join(keyDir, `${examinerSlug(examiner)}.pem`);
  if (!existsSync(path)) createKey(keyDir, path);
  checkPrivate(path);
  const privateKey = createPrivateKey(readFileSync(path));
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new TrailError('BAD_REQUEST', `${path} is not an Ed25519 key`);
  }
  const publicKeyPem = publicPem(createPublicKey(privateKey));
  const fingerprint = fingerprintOf(publicKeyPem);
  return { path, privateKey, publicKeyPem, fingerprint };
}

function createKey(keyDir: string, path: string): void {
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

function checkPrivate(path: string): void {
  if (process.platform === 'win32') return;
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new TrailError(
      'BAD_REQUEST',
      `signing key ${path} can be read by other users ` +
        `(mode ${mode.toString(8)}); run \`chmod 600 ${path}\``,
    );
  }
}

function publicPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }) as string;
}

/**
 * The fingerprint of a public key: hex SHA-256 of its DER encoding, the
 * value `openssl pkey -pubin -outform DER | sha256sum` prints.
 */
export function fingerprintOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({
    type: 'spki',
    format: 'der',
  });
  return createHash('sha256').update(der).digest('hex');
}

/** A fingerprint in groups of four for reading aloud. */
export function groupedFingerprint(fingerprint: string): string {
  return fingerprint.match(/.{1,4}/g)?.join(' ') ?? fingerprint;
}

/** Signs bytes with Ed25519; the signature is 64 raw bytes. */
export function signBytes(key: SigningKey, data: Buffer): Buffer {
  return sign(null, data, key.privateKey);
}

/** Checks a detached Ed25519 signature against a PEM public key. */
export function verifySignature(
  publicKeyPem: string,
  data: Buffer,
  signature: Buffer,
): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, data, key, signature);
  } catch {
    // A key or signature that cannot be parsed does not verify.
    return false;
  }
}
