import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  brief,
  buildCase,
  detect,
  findingsOf,
  FIXTURE_POLICY,
  type DetectCase,
} from './detect-fixture.js';

let c: DetectCase;

beforeAll(async () => {
  c = await buildCase(['credentials.jsonl']);
  detect(c.db);
});

afterAll(() => c.close());

const range = (prefix: string, n: number, pad = 2) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(pad,
    '0')}`);

describe('password-spray', () => {
  it('finds 12 accounts failing from one IP, high after a success', () => {
    const found = findingsOf(c.db, 'password-spray');
    expect(found.map(brief)).toEqual([
      ['password-spray:192.0.2.66|2026-03-05T03:00:00.000Z', 'high',
        'spray05@contoso.example',
        [...range('cred-spray-', 12), 'cred-spray-success']],
    ]);
    expect(found[0].matched).toMatchObject({ ip: '192.0.2.66',
      failures: 12, peakUsers: 12, windowMinutes: 30, threshold: 10,
      codes: ['50126'], compromised: ['spray05@contoso.example'] });
    expect(found[0].explanation).toContain('; peak 12 accounts within 30 ' +
      'min (threshold 10); spray05@contoso.example then signed in ' +
      'successfully from the same IP, first at 2026-03-05T03:40:00.000Z');
  });

  it('ignores nine accounts, below spray.minUsers', () => {
    const ips = findingsOf(c.db, 'password-spray').map((f) => f.matched.ip);
    expect(ips).toEqual(['192.0.2.66']);
  });

  it('finds the nine when spray.minUsers is 8', async () => {
    const d = await buildCase(['credentials.jsonl'], {
      ...FIXTURE_POLICY, thresholds: { 'spray.minUsers': 8 } });
    try {
      detect(d.db, ['password-spray']);
      const near = findingsOf(d.db, 'password-spray')
        .filter((f) => f.matched.ip === '198.51.100.30');
      expect(near.map(brief)).toEqual([
        ['password-spray:198.51.100.30|2026-03-06T10:00:00.000Z', 'medium',
          null, range('cred-near-', 9, 1)],
      ]);
    } finally {
      d.close();
    }
  });
});

describe('brute-force', () => {
  it('finds ten failures then a success from the same address', () => {
    const found = findingsOf(c.db, 'brute-force');
    expect(found.map(brief)).toEqual([
      ['brute-force:leo@contoso.example|2026-03-07T08:00:30.000Z', 'high',
        'leo@contoso.example',
        [...range('cred-leo-fail-', 10, 1), 'cred-leo-success']],
    ]);
    expect(found[0].explanation).toBe(
      '10 failed sign-ins for leo@contoso.example between ' +
        '2026-03-07T08:00:30.000Z and 2026-03-07T08:09:30.000Z from ' +
        '192.0.2.200 (codes 50126); peak 10 within 10 min (threshold 10); ' +
        'then a successful sign-in at 2026-03-07T08:29:00.000Z from ' +
        '192.0.2.200, an address that had failed');
  });

  it('ignores a disabled account retrying and nine wrong passwords', () => {
    const users = findingsOf(c.db, 'brute-force').map((f) => f.actor);
    expect(users).toEqual(['leo@contoso.example']);
  });
});
