import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../../src-main/cli/exit-codes.js';
import {
  buildFixtureCase,
  fileSha256,
  flipByte,
  readZip,
  writeZip,
  type FixtureCase,
} from './case-fixture.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/tenant-trail.js');
const BUILT = existsSync(join(ROOT, 'dist/src-main/bundle/export-bundle.js'));
if (!BUILT) console.warn('CLI tests skipped: run `npm run build` first');

let fixture: FixtureCase;
let serial = 0;

/** Runs the built CLI; returns its exit code and output. */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HOME: fixture.dir, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exports the fixture case with the CLI to a fresh path. */
function cliExport(...extra: string[]) {
  const out = join(fixture.dir, `cli-${++serial}.zip`);
  const r = cli('export', fixture.casePath, out, '--exported-at',
    fixture.exportedAt, '--key-dir', fixture.keyDir, '--no-progress',
    ...extra);
  return { out, ...r };
}

/** True when every tool can be found on the PATH. */
function haveTools(...tools: string[]): boolean {
  return tools.every(
    (t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0,
  );
}

describe.skipIf(!BUILT)('tenant-trail export and verify', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    fixture = await buildFixtureCase();
  }, 60_000);

  test('export writes a bundle that verify passes', () => {
    const e = cliExport();
    expect(e.stderr).toBe('');
    expect(e.code).toBe(EXIT.ok);
    const sha = fileSha256(e.out);
    expect(e.stdout).toContain(`wrote ${e.out}\n  SHA-256      ${sha}\n`);
    expect(e.stdout).toContain(
      '  contents     8 events, 2 evidence files, 2 findings, 4 annotations',
    );
    expect(e.stdout).toMatch(/custody {6}recorded as entry \d+ \(export\.bundle\)/);
    const v = cli('verify', e.out);
    expect(v.code).toBe(EXIT.ok);
    expect(v.stdout.split('\n').slice(0, 3)).toEqual([
      `PASS  cli-${serial}.zip`,
      `  case TT-2025-017, exported ${fixture.exportedAt} by Dana Examiner`,
      '  15 files: signature, every hash and size, evidence names and ' +
        'the custody chain are intact',
    ]);
  });

  test('export twice at the same time gives the same bytes', () => {
    const a = cliExport('--user', 'alice@contoso.example');
    const b = cliExport('--user', 'alice@contoso.example');
    expect([a.code, b.code]).toEqual([EXIT.ok, EXIT.ok]);
    expect(readFileSync(a.out).equals(readFileSync(b.out))).toBe(true);
  });

  test('--no-custody leaves the case file byte-identical', () => {
    const before = fileSha256(fixture.casePath);
    const e = cliExport('--no-custody', '--from', '2025-03-02T00:00:00Z');
    expect(e.code).toBe(EXIT.ok);
    expect(e.stdout).toContain('custody      NOT recorded in the case');
    expect(e.stdout).toContain('contents     2 events, 1 evidence files');
    expect(fileSha256(fixture.casePath)).toBe(before);
  });

  test('verify fails with exit code 5 and names the changed file', async () => {
    const e = cliExport();
    const entries = await readZip(e.out);
    const name = 'events/events.csv';
    entries.set(name, flipByte(entries.get(name)!));
    const bad = join(fixture.dir, 'tampered.zip');
    await writeZip(bad, entries);
    const v = cli('verify', bad);
    expect(v.code).toBe(EXIT.verifyFailed);
    expect(v.stdout.split('\n')[0]).toBe('FAIL  tampered.zip');
    expect(v.stdout).toMatch(
      /\n {2}events\/events\.csv: has SHA-256 [0-9a-f]{64}, manifest\.json lists [0-9a-f]{64}: its content was changed\n/,
    );
  });

  test('verify --fingerprint refuses another signer', () => {
    const e = cliExport();
    const v = cli('verify', '--fingerprint', 'ab'.repeat(32), e.out);
    expect(v.code).toBe(EXIT.verifyFailed);
    expect(v.stdout).toContain(
      `not the expected key ${'ab'.repeat(32)}: the bundle was signed by ` +
        'someone else',
    );
  });

  test('refuses bad requests with their exit codes', () => {
    const e = cliExport();
    const again = cli('export', fixture.casePath, e.out, '--key-dir',
      fixture.keyDir, '--no-progress');
    expect([again.code, again.stderr]).toEqual([
      EXIT.usage,
      `error: ${e.out} already exists\n`,
    ]);
    const missing = cli('export', join(fixture.dir, 'none.ttcase'),
      join(fixture.dir, 'x.zip'));
    expect(missing.code).toBe(EXIT.caseProblem);
    const badTime = cliExport('--from', 'yesterday-ish');
    expect([badTime.code, badTime.stderr]).toEqual([
      EXIT.usage,
      'error: --from yesterday-ish is not a time\n',
    ]);
    const nothing = cliExport('--user', 'nobody@contoso.example');
    expect([nothing.code, nothing.stderr]).toEqual([
      EXIT.usage,
      'error: the scope selects no events\n',
    ]);
    expect(existsSync(nothing.out)).toBe(false);
  });

  test('export-timesketch and export-ecs write one line per event', () => {
    for (const cmd of ['export-timesketch', 'export-ecs']) {
      const out = join(fixture.dir, `${cmd}.jsonl`);
      const r = cli(cmd, fixture.casePath, out, '--user',
        'alice@contoso.example');
      expect([r.code, r.stdout]).toEqual([
        EXIT.ok,
        `wrote 4 events to ${out}\n`,
      ]);
      expect(readFileSync(out, 'utf8').trimEnd().split('\n').length).toBe(4);
    }
  });

  test.skipIf(!haveTools('unzip', 'openssl', 'sha256sum', 'jq'))(
    'a receiver can verify by hand with unzip, openssl and sha256sum',
    () => {
      const e = cliExport();
      const dir = join(fixture.dir, 'by-hand');
      mkdirSync(dir);
      const script = [
        'set -e',
        `unzip -q "${e.out}" -d .`,
        'openssl pkeyutl -verify -pubin -inkey signer.pub.pem -rawin ' +
          '-in manifest.json -sigfile manifest.sig',
        'jq -r \'.files[] | "\\(.sha256)  \\(.path)"\' manifest.json ' +
          '| sha256sum -c --quiet -',
        'for f in evidence/*; do [ "$f" = evidence/index.json ] || ' +
          'echo "${f#evidence/}  $f"; done | sha256sum -c --quiet -',
        'jq -r \'.evidence | "\\(.sha256) \\(.byteOffset) ' +
          '\\(.byteLength) \\(.recordSha256)"\' events/events.jsonl ' +
          '| while read sha off len want; do ' +
          'got=$(tail -c +$((off + 1)) "evidence/$sha" | head -c "$len" ' +
          '| sha256sum | cut -d" " -f1); ' +
          '[ "$got" = "$want" ] && n=$((n + 1)) || echo "BAD $sha $off"; ' +
          'echo "traced $n"; done | tail -n 1',
        'openssl pkey -pubin -in signer.pub.pem -outform DER | sha256sum',
      ].join('\n');
      const r = spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const fingerprint = JSON.parse(
        readFileSync(join(dir, 'manifest.json'), 'utf8'),
      ).signer.fingerprint;
      expect(r.stdout).toBe(
        'Signature Verified Successfully\ntraced 8\n' +
          `${fingerprint}  -\n`,
      );
      writeFileSync(join(dir, 'report.html'), 'changed');
      const bad = spawnSync('sh', ['-c', script.split('\n').slice(3, 4)
        .join('\n')], { cwd: dir, encoding: 'utf8' });
      expect(bad.status).not.toBe(0);
      expect(bad.stdout).toBe('report.html: FAILED\n');
    },
  );
});
