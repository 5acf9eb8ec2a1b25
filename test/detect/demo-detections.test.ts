import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeCase,
  openCase,
  type CaseFile,
} from '../../src-main/case/case-file.js';
import { buildDemoCase } from '../../src-main/demo/demo-case.js';
import { listFindings } from '../../src-main/detect/findings-query.js';
import type { IncidentFacts } from '../../src-main/demo/manifest.js';
import {
  runDetections,
  type DetectionRun,
} from '../../src-main/detect/run-detections.js';
import { findingsOf, type FoundFinding } from './detect-fixture.js';

let dir: string;
let c: CaseFile;
let incidents: IncidentFacts[];
let first: DetectionRun;
let all: FoundFinding[];

const NOW = new Date('2026-12-01T00:00:00Z');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tt-demo-detect-'));
  const demo = await buildDemoCase(dir, { detect: false });
  incidents = demo.manifest.incidents;
  c = openCase(demo.casePath);
  first = runDetections(c.db, { examiner: 'Test Examiner', now: NOW });
  all = first.rules.flatMap((r) => findingsOf(c.db, r.ruleId));
}, 300_000);

afterAll(() => {
  closeCase(c);
  rmSync(dir, { recursive: true, force: true });
});

function incident(id: string): IncidentFacts {
  const i = incidents.find((x) => x.id === id);
  if (!i) throw new Error(`no incident ${id}`);
  return i;
}

/** The record id of an incident step, as the manifest states it. */
function recordOf(id: string, step: string): string {
  const e = incident(id).events.find((x) => x.step === step);
  if (!e) throw new Error(`no step ${step} in ${id}`);
  return e.recordId;
}

/** The user's findings of a rule that link the step's record. */
function raised(rule: string, user: string, id: string, step: string) {
  const record = recordOf(id, step);
  return all.filter((f) => f.ruleId === rule && f.records.includes(record) &&
    (f.actor === user || f.matched.assignee === user));
}

function severityOf(rule: string, user: string, id: string, step: string) {
  const hits = raised(rule, user, id, step);
  expect(hits, `${rule} on "${step}"`).toHaveLength(1);
  return hits[0].severity;
}

describe('demo incident 1: insider data theft from China', () => {
  const id = 'insider-exfiltration';
  const user = 'daniel.roth@northwindforge.com';

  it('raises the sign-in, download, sharing and forwarding findings', () => {
    const expected: [string, string, string][] = [
      ['signin-outside-allowed', 'first sign-in from CN', 'high'],
      ['signin-outside-allowed', 'sign-in from Shanghai', 'high'],
      ['first-seen-country', 'first sign-in from CN', 'medium'],
      ['privileged-role-assigned', 'role granted (PIM activation)', 'high'],
      ['mass-file-download', 'first download', 'high'],
      ['external-sharing-link', 'anonymous link on folder PN-4471', 'high'],
      ['mailbox-forwarding', 'mailbox forwarding to free-mail', 'high'],
      ['inbox-rule-forward', 'forwarding inbox rule', 'high'],
    ];
    expect(expected.map(([rule, step]) => [rule, step,
      severityOf(rule, user, id, step)])).toEqual(expected);
  });

  it('links all 163 downloads, first to last, in one finding', () => {
    const [f] = raised('mass-file-download', user, id, 'first download');
    expect(f.records).toContain(recordOf(id, 'last download'));
    expect(f.matched).toMatchObject({ files: 163, downloads: 163 });
  });

  it("lists the role a service principal granted among the user's findings",
    () => {
      const high = listFindings(c.db, { actor: user,
        severity: ['high', 'critical'] }).findings;
      expect(high.map((f) => f.ruleId).sort()).toEqual([
        'external-sharing-link', 'inbox-rule-forward', 'mailbox-forwarding',
        'mass-file-download', 'privileged-role-assigned',
        ...Array(5).fill('signin-outside-allowed')]);
      const grant = high.find((f) => f.ruleId === 'privileged-role-assigned');
      expect(grant?.actor).toMatch(/^serviceprincipal_/i);
    });

  it('does not call the trip impossible travel (about 470 km/h)', () => {
    expect(all.filter((f) => f.ruleId === 'impossible-travel' &&
      f.actor === user)).toEqual([]);
  });
});

describe('demo incident 2: AiTM phishing and BEC', () => {
  const id = 'aitm-bec';
  const user = 'maria.lopez@northwindforge.com';

  it('raises the AiTM, replay, mailbox and MFA findings', () => {
    const expected: [string, string, string][] = [
      ['hosting-network-signin', 'AiTM proxy sign-in (hosting, axios)',
        'high'],
      ['attack-tool-user-agent', 'AiTM proxy sign-in (hosting, axios)',
        'high'],
      ['aitm-double-signin', 'victim redirected to the real portal', 'high'],
      ['session-multiple-networks',
        'token replay from hosting (same session)', 'high'],
      ['signin-outside-allowed', 'AiTM proxy sign-in (hosting, axios)',
        'critical'],
      ['mass-mail-access', 'bulk mail read (OperationCount 138)', 'high'],
      ['inbox-rule-hide', "inbox rule hiding the customer's replies",
        'high'],
      ['inbox-rule-obfuscated-name', "inbox rule hiding the customer's " +
        'replies', 'high'],
      ['inbox-rule-forward', 'inbox rule forwarding to the lookalike domain',
        'high'],
      ['mfa-method-registered', 'attacker registers an authenticator',
        'high'],
    ];
    expect(expected.map(([rule, step]) => [rule, step,
      severityOf(rule, user, id, step)])).toEqual(expected);
  });
});

describe('demo incident 3: Google Workspace takeover', () => {
  const id = 'gws-takeover';
  const user = 'sam.keller@northwindforge.net';

  it('raises spray, login, 2SV, forwarding, Drive and OAuth findings', () => {
    const expected: [string, string, string][] = [
      ['password-spray', 'first spray failure', 'high'],
      ['gws-suspicious-login', 'suspicious login success from RO', 'high'],
      ['signin-outside-allowed', 'suspicious login success from RO', 'high'],
      ['gws-2sv-disabled', '2-step verification turned off', 'critical'],
      ['gws-forwarding-out-of-domain', 'Gmail forwarding out of the domain',
        'high'],
      ['gws-drive-mass-download', 'first Drive download', 'high'],
      ['gws-oauth-new-app', 'OAuth grant to an unknown app', 'high'],
    ];
    expect(expected.map(([rule, step]) => [rule, step,
      severityOf(rule, user, id, step)])).toEqual(expected);
  });

  it('counts the 46 sprayed accounts and names the one taken', () => {
    const [f] = raised('password-spray', user, id, 'first spray failure');
    expect((f.matched.users as string[]).length).toBe(46);
    expect(f.matched.compromised).toEqual([user]);
  });
});

describe('the demo background', () => {
  it('raises no high or critical finding outside the three incidents', () => {
    const victims = new Set(incidents.map((i) => i.user));
    const loud = all.filter((f) => f.severity === 'high' ||
      f.severity === 'critical');
    expect(loud.length).toBe(31);
    const stray = loud.filter((f) => !victims.has(f.actor ?? '') &&
      !victims.has(String(f.matched.assignee)));
    expect(stray.map((f) => [f.ruleId, f.actor, f.explanation])).toEqual([]);
  });

  it('keeps the documented trip and the new admin below high', () => {
    const trip = all.filter((f) => f.actor ===
      'callum.hughes@northwindforge.com' && f.ruleId ===
      'signin-outside-allowed');
    expect(trip.map((f) => [f.severity, f.matched.outside])).toEqual([
      ['medium', 'region']]);
    const admin = all.filter((f) => f.ruleId === 'privileged-role-assigned' &&
      f.matched.assignee === 'ethan.novak@northwindforge.com');
    expect(admin.map((f) => [f.severity, f.matched.trustedNetwork]))
      .toEqual([['medium', true]]);
  });
});

describe('running detection on the demo case again', () => {
  it('adds, changes and withdraws nothing', () => {
    const again = runDetections(c.db, { examiner: 'Test Examiner',
      now: NOW });
    expect(again).toMatchObject({ added: 0, updated: 0, withdrawn: 0,
      unchanged: first.added });
    const count = c.db.prepare('SELECT count(*) FROM finding').pluck().get();
    expect(count).toBe(first.added);
  });
});
