/**
 * The events, warnings, new and serve commands as a newcomer meets
 * them: bad option values are usage errors (exit 2) naming the option,
 * a cut list says so, and sources match whatever their case.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCase } from '../../src-main/case/case-file.js';
import { buildCase, type DetectCase } from '../detect/detect-fixture.js';

const BIN = fileURLToPath(new URL('../../bin/tenant-trail.js',
  import.meta.url));
const BUILT = existsSync(new URL('../../dist/src-main/cli/main.js',
  import.meta.url));

let c: DetectCase;

beforeAll(async () => {
  c = await buildCase(['sign-in-location.jsonl']);
  closeCase(c.case);
});
afterAll(() => rmSync(c.dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe.skipIf(!BUILT)('tenant-trail events', () => {
  it.each(['abc', '2.5', '-5', '0'])('refuses --limit %s as usage', (v) => {
    expect(cli('events', c.path, '--limit', v)).toEqual({ code: 2, out: '',
      err: `error: option '--limit <n>' argument '${v}' is invalid. ` +
        `'${v}' is not a whole number of at least 1.\n` });
  });

  it('says when --limit cuts the list', () => {
    const all = cli('events', c.path, '--format', 'jsonl');
    const n = all.out.trim().split('\n').length;
    expect(n).toBeGreaterThan(2);
    const cut = cli('events', c.path, '--format', 'jsonl', '--limit', '2');
    expect(cut.code).toBe(0);
    expect(cut.out.trim().split('\n')).toHaveLength(2);
    expect(cut.err).toBe(`showing 2 of ${n} events; raise --limit for more\n`);
    expect(all.err).toBe('');
  });

  it('filters by result, and by source in any case', () => {
    const lines = (r: { out: string }) => r.out.trim().split('\n')
      .filter(Boolean).map((l) => JSON.parse(l) as { result: string;
        source: string });
    const failed = lines(cli('events', c.path, '--format', 'jsonl',
      '--result', 'failure'));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((e) => e.result === 'failure')).toBe(true);
    const upper = cli('events', c.path, '--format', 'jsonl', '--source',
      'ENTRA-SIGNIN');
    expect(lines(upper).length).toBe(lines(cli('events', c.path,
      '--format', 'jsonl', '--source', 'entra-signin')).length);
    expect(cli('events', c.path, '--result', 'bad')).toMatchObject({
      code: 2, err: "error: --result must be one of success, failure, " +
        "unknown, not 'bad'\n" });
  });
});

describe.skipIf(!BUILT)('tenant-trail events by address and country', () => {
  const events = (...args: string[]) => cli('events', c.path, '--format',
    'jsonl', '--limit', '100000', ...args).out.trim().split('\n')
    .filter(Boolean).map((l) => JSON.parse(l) as { ip: string | null });

  it('takes a CIDR range for --ip, IPv4 or IPv6', () => {
    const all = events();
    const v4 = all.find((e) => e.ip?.includes('.'))?.ip as string;
    const net = v4.split('.').slice(0, 3).join('.');
    const inNet = all.filter((e) => e.ip?.startsWith(`${net}.`));
    expect(inNet.length).toBeGreaterThan(0);
    expect(events('--ip', `${net}.0/24`)).toEqual(inNet);
    expect(events('--ip', '0.0.0.0/0')).toEqual(
      all.filter((e) => e.ip?.includes('.')));
    expect(events('--ip', '::/0')).toEqual(
      all.filter((e) => e.ip?.includes(':')));
  });

  it.each([
    ['--ip', '113.106.72.0/33',
      'an IP address or CIDR range, e.g. 203.0.113.7 or 203.0.113.0/24'],
    ['--ip', 'server01',
      'an IP address or CIDR range, e.g. 203.0.113.7 or 203.0.113.0/24'],
    ['--country', 'ZZZ', 'a two-letter ISO 3166 code, e.g. CN'],
  ])('refuses %s %s as usage', (flag, value, want) => {
    const name = flag.slice(2);
    expect(cli('events', c.path, flag, value)).toEqual({ code: 2, out: '',
      err: `error: the ${name} filter '${value}' is not ${want}\n` });
  });
});

describe.skipIf(!BUILT)('other commands a newcomer meets', () => {
  it('refuses an unknown warnings --severity', () => {
    expect(cli('warnings', c.path, '--severity', 'fatal')).toMatchObject({
      code: 2, err: "error: --severity must be one of info, warning, " +
        "error, not 'fatal'\n" });
  });

  it('marks the options new requires', () => {
    const help = cli('new', '--help').out;
    expect(help).toContain('case title (required)');
    expect(help).toContain('examiner responsible for the case (required)');
  });
});

describe.skipIf(!BUILT)('paths that are wrong', () => {
  it('names a folder given as a case', () => {
    expect(cli('info', c.dir)).toEqual({ code: 3, out: '',
      err: `error: ${c.dir} is a folder, not a Tenant Trail case file\n` });
  });

  it('refuses to write a demo over another before saying it writes', () => {
    const root = `${c.dir}/demo-again`;
    mkdirSync(`${root}/exports`, { recursive: true });
    expect(cli('demo', root, '--no-case')).toEqual({ code: 3, out: '',
      err: `error: ${root}/exports already exists; choose another folder ` +
        'or replace it with --force\n' });
  });

  it('refuses an empty folder to import as input', () => {
    const empty = `${c.dir}/empty`;
    mkdirSync(empty);
    expect(cli('import', c.path, empty)).toEqual({ code: 4, out: '',
      err: `error: nothing to import: ${empty} holds no files\n` });
  });

  it('names the missing folder of a new case', () => {
    expect(cli('new', '/nonexistent/x.ttcase', '--title', 't',
      '--examiner', 'e')).toEqual({ code: 4, out: '',
      err: 'error: cannot create /nonexistent/x.ttcase: the folder ' +
        '/nonexistent does not exist\n' });
  });

  it('names the missing folder of a bundle', () => {
    expect(cli('export', c.path, '/nonexistent/b.zip', '--no-progress',
      '--no-custody', '--key-dir', `${c.dir}/keys`)).toEqual({ code: 2,
      out: '', err: 'error: cannot write /nonexistent/b.zip: the folder ' +
        '/nonexistent does not exist\n' });
  });

  it('refuses a missing bundle as missing, not as failing', () => {
    expect(cli('verify', `${c.dir}/none.zip`)).toEqual({ code: 4, out: '',
      err: `error: ${c.dir}/none.zip does not exist\n` });
  });

  it('refuses a GeoIP database that is not one', () => {
    const r = cli('import', c.path, '--geoip-city', BIN, c.dir);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(new RegExp(`^error: --geoip-city ${BIN} is not ` +
      'a MaxMind database \\(\\.mmdb\\): '));
  });
});

describe.skipIf(!BUILT)('time ranges', () => {
  it('takes a bare --to date as the whole of that UTC day', () => {
    const all = cli('events', c.path, '--format', 'jsonl').out.trim()
      .split('\n').map((l) => JSON.parse(l) as { timeUtc: string });
    const day = all[0].timeUtc.slice(0, 10);
    const sameDay = all.filter((e) => e.timeUtc.startsWith(day)).length;
    const r = cli('events', c.path, '--format', 'jsonl', '--from', day,
      '--to', day);
    expect(r.out.trim().split('\n')).toHaveLength(sameDay);
    expect(sameDay).toBeGreaterThan(0);
  });

  it('refuses a time with an impossible offset', () => {
    expect(cli('events', c.path, '--from', '2026-03-10T00:00:00+99:99'))
      .toMatchObject({ code: 2, err: 'error: --from ' +
        '2026-03-10T00:00:00+99:99 is not a time\n' });
  });
});

describe.skipIf(!BUILT)('an interrupted import', () => {
  it('is named by info, so partial events are not taken as whole', () => {
    const copy = `${c.dir}/interrupted.ttcase`;
    copyFileSync(c.path, copy);
    const db = new Database(copy);
    db.prepare("UPDATE evidence SET status = 'importing' WHERE id = 1")
      .run();
    db.close();
    const r = cli('info', copy);
    expect(r.code).toBe(0);
    expect(r.err).toBe('warning: evidence item 1 (sign-in-location.jsonl) ' +
      'is importing: its import was interrupted, so its events are ' +
      'partial; import the file again to finish it\n');
  });
});
