import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src-main/cli/main.js';
import { listCustody } from '../../src-main/case/custody.js';
import { closeCase, openCase } from '../../src-main/case/case-file.js';
import { buildCase, type DetectCase } from './detect-fixture.js';

let c: DetectCase;
let path: string;

beforeAll(async () => {
  c = await buildCase(['sign-in-location.jsonl']);
  path = c.path;
  closeCase(c.case);
});

afterAll(() => rmSync(c.dir, { recursive: true, force: true }));

/** Runs the CLI in-process; returns stdout, stderr and the exit code. */
async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out.push(String(s));
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err.push(String(s));
    return true;
  });
  process.exitCode = undefined;
  try {
    await buildProgram().parseAsync(['node', 'tenant-trail', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = process.exitCode ?? 0;
  process.exitCode = undefined;
  return { out: out.join(''), err: err.join(''), code };
}

function custodyActions(): string[] {
  const r = openCase(path, { readonly: true });
  try {
    return listCustody(r.db).map((x) => x.action);
  } finally {
    closeCase(r);
  }
}

describe('tenant-trail policy', () => {
  it('shows the policy with every threshold and its default', async () => {
    const r = await cli('policy', path);
    expect(r.code).toBe(0);
    expect(r.out).toContain('allowed countries: US, GB, IN\n');
    expect(r.out).toContain('allowed regions (only these parts of the ' +
      'country): GB: England\n');
    expect(r.out).toContain('    spray.minUsers = 10  (password spray: ' +
      'distinct users failing from one IP in the window; default 10)\n');
  });

  it('changes it and logs the change to custody', async () => {
    const r = await cli('policy', path, '--threshold', 'spray.minUsers=5',
      '--trust-asn', 'AS22616', '--examiner', 'Jo Examiner',
      '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('policy changed (trustedAsns, thresholds); recorded ' +
      'in the custody log. Run `tenant-trail detect` again to apply it.\n');
    const p = JSON.parse(r.out) as { trustedAsns: number[];
      thresholds: Record<string, number> };
    expect([p.trustedAsns, p.thresholds]).toEqual([[4812, 22616],
      { 'spray.minUsers': 5 }]);
    expect(custodyActions().at(-1)).toBe('policy.update');
  });

  it('refuses a bad country code, naming it', async () => {
    const r = await cli('policy', path, '--allow-countries', 'US,Germany');
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: invalid policy: allowedCountries[1] is not ' +
      'a two-letter ISO 3166 country code ("GERMANY")\n');
  });
});

describe('tenant-trail detect, findings, finding, review', () => {
  it('runs the rules and reports per rule', async () => {
    const r = await cli('detect', path, '--rule', 'signin-outside-allowed',
      '--rule', 'hosting-network-signin');
    expect(r.code).toBe(0);
    expect(r.out).toContain('\n2 rules: 5 new, 0 updated, 0 unchanged, ' +
      '0 withdrawn findings; recorded in the custody log\n');
    expect(custodyActions().at(-1)).toBe('detect.run');
  });

  it('refuses an unknown rule', async () => {
    const r = await cli('detect', path, '--rule', 'no-such-rule');
    expect([r.code, r.err]).toEqual([2,
      "error: no rule 'no-such-rule'; see rules\n"]);
  });

  it('lists findings as CSV and JSON Lines, filtered', async () => {
    const csv = await cli('findings', path, '--format', 'csv',
      '--severity', 'high');
    const lines = csv.out.trim().split('\n');
    expect(lines[0]).toBe('id,severity,rule,user,first (UTC),last (UTC),' +
      'events,status,technique,explanation');
    expect(lines.slice(1).map((l) => l.split(',').slice(1, 4))).toEqual([
      ['high', 'signin-outside-allowed', 'alice@contoso.example'],
      ['high', 'signin-outside-allowed', 'frank@contoso.example'],
      ['high', 'hosting-network-signin', 'frank@contoso.example'],
    ]);
    const jsonl = await cli('findings', path, '--format', 'jsonl',
      '--user', 'gina@contoso.example');
    const rows = jsonl.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((f) => [f.ruleId, f.severity, f.eventCount])).toEqual([
      ['hosting-network-signin', 'low', 1]]);
  });

  it('shows one finding with its events, and records a review', async () => {
    const list = await cli('findings', path, '--format', 'jsonl',
      '--rule', 'signin-outside-allowed', '--sort', 'time');
    const id = String(JSON.parse(list.out.split('\n')[0]).id);
    const shown = await cli('finding', path, id);
    expect(shown.out).toContain(`finding ${id}: Successful sign-in from ` +
      'outside the allowed countries [high, T1078.004]\n');
    expect(shown.out.match(/203\.0\.113\.45/g)?.length).toBeGreaterThan(2);
    const r = await cli('review', path, id, '--status', 'false-positive',
      '--note', 'VPN test by IT', '--examiner', 'Jo Examiner');
    expect([r.code, r.out]).toEqual([0, `finding ${id} marked ` +
      'false-positive; recorded in the custody log\n']);
    expect(custodyActions().at(-1)).toBe('finding.review');
    const after = await cli('findings', path, '--format', 'jsonl',
      '--status', 'false-positive');
    expect(after.out.trim().split('\n').map((l) =>
      JSON.parse(l).reviewNote)).toEqual(['VPN test by IT']);
  });

  it('lists the rules', async () => {
    const r = await cli('rules', '--format', 'jsonl');
    const ids = r.out.trim().split('\n').map((l) => JSON.parse(l).id);
    expect(ids).toHaveLength(37);
    expect(ids[0]).toBe('signin-outside-allowed');
  });
});
