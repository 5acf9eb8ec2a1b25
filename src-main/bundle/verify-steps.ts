/**
 * How a receiver checks a bundle, in words and exact commands; the
 * report prints these in both its HTML and PDF forms.
 */
import { groupedFingerprint } from './signing-key.js';

/** One step of the check: what it proves and the commands to run. */
export interface VerifyStep {
  title: string;
  text: string;
  commands: string[];
}

/** The steps to verify a bundle signed by the given key. */
export function verifySteps(fingerprint: string): VerifyStep[] {
  return [
    {
      title: '1. Confirm who signed the bundle',
      text:
        'Ask the examiner, by telephone or in person, for the fingerprint ' +
        'of their signing key and compare it with this one: ' +
        `${groupedFingerprint(fingerprint)}. The second command prints ` +
        'the same value from the key inside the bundle.',
      commands: [
        'unzip -q <bundle.zip> -d bundle && cd bundle',
        'openssl pkey -pubin -in signer.pub.pem -outform DER | sha256sum',
      ],
    },
    {
      title: '2. Check everything with Tenant Trail',
      text:
        'Checks the signature, every file hash and size in the manifest, ' +
        'that no file is missing or added, that each evidence file hashes ' +
        'to its name, and the custody chain. Prints PASS or names each ' +
        'failing file and why; the exit code is 0 on pass, 5 on failure. ' +
        'With --fingerprint it also refuses a bundle signed by another key.',
      commands: [
        `tenant-trail verify --fingerprint ${fingerprint} <bundle.zip>`,
      ],
    },
    {
      title: '3. Or check by hand (OpenSSL 3, coreutils, jq)',
      text:
        'The signature covers the exact bytes of manifest.json; the ' +
        'manifest lists every other file with its SHA-256; evidence files ' +
        'are named by their SHA-256.',
      commands: [
        'openssl pkeyutl -verify -pubin -inkey signer.pub.pem -rawin ' +
          '-in manifest.json -sigfile manifest.sig',
        'jq -r \'.files[] | "\\(.sha256)  \\(.path)"\' manifest.json ' +
          '| sha256sum -c -',
        'for f in evidence/*; do [ "$f" = evidence/index.json ] || ' +
          'echo "${f#evidence/}  $f"; done | sha256sum -c -',
      ],
    },
    {
      title: '4. The custody log',
      text:
        'Each line of custody.jsonl is one entry. Its hash is the SHA-256 ' +
        'of the RFC 8785 canonical JSON of {seq, at, examiner, action, ' +
        'details, prevHash}; prevHash is 64 zeros for entry 1 and the ' +
        'previous entry\'s hash after that. manifest.json records the ' +
        'number of entries and the last hash, so no entry can be dropped. ' +
        'The log is copied as it stood at the export time; the case ' +
        'records this export as a later entry with the SHA-256 of the ZIP.',
      commands: [],
    },
    {
      title: '5. Trace an event to its original bytes',
      text:
        'Each line of events/events.jsonl gives, under "evidence", the ' +
        'SHA-256 of the evidence file, the byte offset and length of the ' +
        'record in it, and recordSha256, the SHA-256 of those bytes. ' +
        'Cut them out and hash them (offset and length from the event):',
      commands: [
        'tail -c +$((OFFSET + 1)) evidence/<SHA-256> | head -c LENGTH ' +
          '| sha256sum',
      ],
    },
  ];
}
