import { createHash, generateKeyPairSync } from 'node:crypto';
import { createWriteStream, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { exportBundle } from '../../src-main/bundle/export-bundle.js';
import {
  loadSigningKey,
  signBytes,
} from '../../src-main/bundle/signing-key.js';
import { verifyBundle } from '../../src-main/bundle/verify-bundle.js';
import {
  FIXTURES,
  buildFixtureCase,
  fileSha256,
  flipByte,
  readZip,
  withCase,
  writeZip,
  type FixtureCase,
} from './case-fixture.js';

const UAL = `evidence/${fileSha256(join(FIXTURES, 'ual.jsonl'))}`;
const MANIFEST_SIG_FAILS =
  'does not verify over manifest.json with the key in signer.pub.pem: ' +
  'manifest.json or manifest.sig was changed after signing';

let fixture: FixtureCase;
let bundle: string;
let original: Map<string, Buffer>;
let fingerprint: string;
let serial = 0;

beforeAll(async () => {
  fixture = await buildFixtureCase();
  bundle = join(fixture.dir, 'bundle.zip');
  const s = await withCase(fixture.casePath, (db) =>
    exportBundle(db, {
      out: bundle,
      keyDir: fixture.keyDir,
      exportedAt: fixture.exportedAt,
    }),
  );
  fingerprint = s.fingerprint;
  original = await readZip(bundle);
}, 60_000);

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes a copy of the bundle with `change` applied to its entries. */
async function tampered(
  change: (entries: Map<string, Buffer>) => void,
): Promise<string> {
  const entries = new Map(original);
  change(entries);
  const path = join(fixture.dir, `tampered-${++serial}.zip`);
  await writeZip(path, entries);
  return path;
}

/** Replaces the manifest and signs it again with the examiner's key. */
function resign(
  entries: Map<string, Buffer>,
  edit: (manifest: any) => void,
): void {
  const manifest = JSON.parse(entries.get('manifest.json')!.toString());
  edit(manifest);
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const key = loadSigningKey('Dana Examiner', fixture.keyDir);
  entries.set('manifest.json', bytes);
  entries.set('manifest.sig', signBytes(key, bytes));
}

function listed(path: string): { sha256: string } {
  const manifest = JSON.parse(original.get('manifest.json')!.toString());
  return manifest.files.find((f: any) => f.path === path);
}

test('passes a fresh bundle and names its case and signer', async () => {
  const r = await verifyBundle(bundle, { expectedFingerprint: fingerprint });
  expect(r.problems).toEqual([]);
  expect(r.ok).toBe(true);
  expect(r.checked.length).toBe(15);
  expect(r.fingerprint).toBe(fingerprint);
  expect(r.caseNumber).toBe('TT-2025-017');
  expect(r.exportedAt).toBe(fixture.exportedAt);
});

test('passes a bundle re-zipped with folder entries, as zip -r writes',
  async () => {
    const zip = new yazl.ZipFile();
    const path = join(fixture.dir, 'rezipped.zip');
    const done = pipeline(zip.outputStream, createWriteStream(path));
    for (const dir of ['evidence/', 'events/']) {
      zip.addEmptyDirectory(dir, { mtime: new Date(0) });
    }
    for (const [name, bytes] of original) zip.addBuffer(bytes, name);
    zip.end();
    await done;
    const r = await verifyBundle(path);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });

describe('names exactly what is wrong when', () => {
  test('one byte of an evidence file changed', async () => {
    const changed = flipByte(original.get(UAL)!);
    const path = await tampered((e) => e.set(UAL, changed));
    const r = await verifyBundle(path);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      {
        file: UAL,
        problem:
          `has SHA-256 ${sha256(changed)}, manifest.json lists ` +
          `${listed(UAL).sha256}: its content was changed`,
      },
      {
        file: UAL,
        problem:
          `hashes to ${sha256(changed)}, not to its name: the evidence ` +
          'file is not the original',
      },
    ]);
  });

  test('one events row changed', async () => {
    const name = 'events/events.jsonl';
    const text = original.get(name)!.toString('utf8');
    const changed = Buffer.from(text.replace('"bob@', '"bov@'), 'utf8');
    expect(changed.length).toBe(original.get(name)!.length);
    const r = await verifyBundle(await tampered((e) => e.set(name, changed)));
    expect(r.problems).toEqual([
      {
        file: name,
        problem:
          `has SHA-256 ${sha256(changed)}, manifest.json lists ` +
          `${listed(name).sha256}: its content was changed`,
      },
    ]);
  });

  test('a CSV row got longer', async () => {
    const name = 'events/events.csv';
    const changed = Buffer.concat([original.get(name)!, Buffer.from('x\r\n')]);
    const r = await verifyBundle(await tampered((e) => e.set(name, changed)));
    expect(r.problems).toEqual([
      {
        file: name,
        problem:
          `has ${changed.length} bytes, manifest.json lists ` +
          `${changed.length - 3}: its content was changed`,
      },
    ]);
  });

  test('a file was removed', async () => {
    const r = await verifyBundle(
      await tampered((e) => e.delete('report.pdf')),
    );
    expect(r.problems).toEqual([
      {
        file: 'report.pdf',
        problem: 'is missing: manifest.json lists it, the bundle does not have it',
      },
    ]);
  });

  test('an evidence file was removed', async () => {
    const r = await verifyBundle(await tampered((e) => e.delete(UAL)));
    expect(r.problems.map((p) => [p.file, p.problem.slice(0, 20)])).toEqual([
      [UAL, 'is missing: manifest'],
      ['evidence/index.json', `lists ${UAL}`.slice(0, 20)],
    ]);
  });

  test('a file was added', async () => {
    const r = await verifyBundle(
      await tampered((e) => e.set('evidence/extra.txt', Buffer.from('hi'))),
    );
    expect(r.problems).toEqual([
      {
        file: 'evidence/extra.txt',
        problem: 'was added: it is not listed in manifest.json',
      },
    ]);
  });

  test('the signature was changed', async () => {
    const sig = flipByte(original.get('manifest.sig')!, 3);
    const r = await verifyBundle(
      await tampered((e) => e.set('manifest.sig', sig)),
    );
    expect(r.problems).toEqual([
      { file: 'manifest.sig', problem: MANIFEST_SIG_FAILS },
    ]);
  });

  test('the manifest was altered', async () => {
    const text = original.get('manifest.json')!.toString();
    const changed = Buffer.from(
      text.replace('"exportedBy": "Dana Examiner"', '"exportedBy": "Dana Exam1ner"'),
    );
    expect(changed.equals(original.get('manifest.json')!)).toBe(false);
    const r = await verifyBundle(
      await tampered((e) => e.set('manifest.json', changed)),
    );
    expect(r.problems).toEqual([
      { file: 'manifest.sig', problem: MANIFEST_SIG_FAILS },
    ]);
  });

  test('the signer key was swapped for another', async () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({
      type: 'spki',
      format: 'pem',
    }) as string;
    const r = await verifyBundle(
      await tampered((e) => e.set('signer.pub.pem', Buffer.from(other))),
    );
    expect(r.problems.map((p) => p.file)).toEqual([
      'manifest.sig',
      'signer.pub.pem',
      'signer.pub.pem',
    ]);
    expect(r.problems[0].problem).toBe(MANIFEST_SIG_FAILS);
    expect(r.problems[2].problem).toMatch(/: its content was changed$/);
    expect(r.problems[1].problem).toMatch(
      new RegExp(`^holds key [0-9a-f]{64}, but manifest.json names key ${fingerprint}$`),
    );
  });

  test('the bundle was re-signed by someone else', async () => {
    const pair = generateKeyPairSync('ed25519');
    const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const path = await tampered((e) => {
      const report = Buffer.from('<p>nothing to see</p>');
      e.set('report.html', report);
      e.set('signer.pub.pem', Buffer.from(pem));
      const manifest = JSON.parse(e.get('manifest.json')!.toString());
      const f = manifest.files.find((x: any) => x.path === 'report.html');
      Object.assign(f, { sha256: sha256(report), size: report.length });
      const pub = manifest.files.find((x: any) => x.path === 'signer.pub.pem');
      Object.assign(pub, {
        sha256: sha256(Buffer.from(pem)),
        size: pem.length,
      });
      const der = pair.publicKey.export({ type: 'spki', format: 'der' });
      manifest.signer.publicKey = pem;
      manifest.signer.fingerprint = sha256(der);
      const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
      e.set('manifest.json', bytes);
      e.set('manifest.sig', signBytes({ privateKey: pair.privateKey } as never, bytes));
    });
    // A self-consistent forgery passes on its own: only the fingerprint
    // the examiner gave by another channel tells it apart.
    expect((await verifyBundle(path)).problems).toEqual([]);
    const r = await verifyBundle(path, { expectedFingerprint: fingerprint });
    expect(r.problems.map((p) => p.file)).toEqual(['signer.pub.pem']);
    expect(r.problems[0].problem).toMatch(
      /^holds key [0-9a-f]{64}, not the expected key [0-9a-f]{64}: the bundle was signed by someone else$/,
    );
  });

  test('a custody entry was edited and the manifest re-signed', async () => {
    const name = 'custody.jsonl';
    const changed = Buffer.from(
      original.get(name)!.toString().replace('"Dana Examiner"', '"Eve"'),
    );
    const r = await verifyBundle(
      await tampered((e) => {
        e.set(name, changed);
        resign(e, (m) => {
          const f = m.files.find((x: any) => x.path === name);
          Object.assign(f, { sha256: sha256(changed), size: changed.length });
        });
      }),
    );
    expect(r.problems).toEqual([
      { file: name, problem: 'custody entry 1 (case.create): hash mismatch' },
    ]);
  });

  test('the last custody entry was dropped and the manifest re-signed', async () => {
    const name = 'custody.jsonl';
    const lines = original.get(name)!.toString().split('\n').filter(Boolean);
    const changed = Buffer.from(`${lines.slice(0, -1).join('\n')}\n`);
    const r = await verifyBundle(
      await tampered((e) => {
        e.set(name, changed);
        resign(e, (m) => {
          const f = m.files.find((x: any) => x.path === name);
          Object.assign(f, { sha256: sha256(changed), size: changed.length });
        });
      }),
    );
    expect(r.problems.map((p) => p.file)).toEqual([name]);
    expect(r.problems[0].problem).toMatch(
      /^ends at entry 2 with hash [0-9a-f]{64}, but manifest.json records 3 entries ending with [0-9a-f]{64}: entries were removed or added$/,
    );
  });

  test('the file is not a ZIP at all', async () => {
    const path = join(fixture.dir, 'not-a-bundle.zip');
    writeFileSync(path, 'just text');
    const r = await verifyBundle(path);
    expect(r.problems.map((p) => p.file)).toEqual(['not-a-bundle.zip']);
    expect(r.problems[0].problem).toMatch(/^is not a readable ZIP archive: /);
  });
});
