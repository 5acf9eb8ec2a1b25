import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePolicy } from '../../src-main/policy/policy-store.js';
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
  c = await buildCase(['sign-in-location.jsonl']);
  detect(c.db);
});

afterAll(() => c.close());

const ALICE = 'alice@contoso.example';

describe('signin-outside-allowed', () => {
  it('raises one finding per user, country and day, with its UAL copy', () => {
    expect(findingsOf(c.db, 'signin-outside-allowed').map(brief)).toEqual([
      ['signin-outside-allowed:alice@contoso.example|CN|2026-03-10', 'high',
        ALICE, ['loc-alice-cn', 'loc-alice-cn-ual']],
      ['signin-outside-allowed:frank@contoso.example|NL|2026-03-11', 'high',
        'frank@contoso.example', ['loc-frank-hosting']],
      ['signin-outside-allowed:alice@contoso.example|GB|2026-03-12',
        'medium', ALICE, ['loc-alice-glasgow']],
    ]);
  });

  it('names the country, place, address and the allowed countries', () => {
    const [cn, , glasgow] = findingsOf(c.db, 'signin-outside-allowed');
    expect(cn.explanation).toBe(
      '2 sign-ins by alice@contoso.example succeeded from CN on ' +
        '2026-03-10, first at 2026-03-10T02:00:00.000Z from 203.0.113.45 ' +
        '(CN (Shenzhen, AS4134 Chinanet)); allowed countries are US, GB ' +
        '(England only), IN');
    expect(cn.matched).toMatchObject({ country: 'CN', count: 2,
      ips: ['203.0.113.45'], networks: ['AS4134 Chinanet'],
      outside: 'country' });
    expect(glasgow.matched).toMatchObject({ country: 'GB',
      regions: ['Scotland'], outside: 'region' });
    expect(cn.technique).toBe('T1078.004');
  });

  it('leaves alone the home sign-in, a travel exception and a trusted ASN',
    () => {
      const users = findingsOf(c.db, 'signin-outside-allowed')
        .map((f) => f.actor);
      expect(users).not.toContain('bob@contoso.example');
      expect(users).not.toContain('carol@contoso.example');
      const records = findingsOf(c.db, 'signin-outside-allowed')
        .flatMap((f) => f.records);
      expect(records).not.toContain('loc-alice-home');
    });
});

describe('failed-signin-outside-allowed', () => {
  it('counts refused sign-ins but not MFA interrupts', () => {
    expect(findingsOf(c.db, 'failed-signin-outside-allowed').map(brief))
      .toEqual([
        ['failed-signin-outside-allowed:dave@contoso.example|CN|2026-03-11',
          'low', 'dave@contoso.example', ['loc-dave-fail-1',
            'loc-dave-fail-2']],
        ['failed-signin-outside-allowed:harry@contoso.example|CN|2026-03-11',
          'low', 'harry@contoso.example', ['loc-harry-fail']],
        ['failed-signin-outside-allowed:gina@contoso.example|NL|2026-03-11',
          'low', 'gina@contoso.example', ['loc-gina-hosting-fail']],
      ]);
  });

  it('turns medium when failedOutside.minUsers accounts fail from there',
    async () => {
      const d = await buildCase(['sign-in-location.jsonl'], {
        ...FIXTURE_POLICY, thresholds: { 'failedOutside.minUsers': 2 } });
      try {
        detect(d.db, ['failed-signin-outside-allowed']);
        const found = findingsOf(d.db, 'failed-signin-outside-allowed');
        expect(found.map((f) => [f.actor, f.severity])).toEqual([
          ['dave@contoso.example', 'medium'],
          ['harry@contoso.example', 'medium'],
          ['gina@contoso.example', 'low'],
        ]);
        expect(found[0].explanation).toContain(
          '; 2 accounts failed from CN that day;');
      } finally {
        d.close();
      }
    });
});

describe('hosting-network-signin', () => {
  it('is high when MFA was satisfied from a rented server, low on failure',
    () => {
      const found = findingsOf(c.db, 'hosting-network-signin');
      expect(found.map(brief)).toEqual([
        ['hosting-network-signin:frank@contoso.example|14061|2026-03-11',
          'high', 'frank@contoso.example', ['loc-frank-hosting']],
        ['hosting-network-signin:gina@contoso.example|14061|2026-03-11',
          'low', 'gina@contoso.example', ['loc-gina-hosting-fail']],
      ]);
      expect(found[0].explanation).toBe(
        'Sign-in by frank@contoso.example succeeded from 192.0.2.10 in ' +
          'hosting network AS14061 DigitalOcean, LLC (NL (Amsterdam)) at ' +
          '2026-03-11T12:00:00.000Z; MFA was satisfied from a rented ' +
          'server, which points to an adversary-in-the-middle proxy');
    });

  it('is suppressed when the ASN is trusted', async () => {
    const d = await buildCase(['sign-in-location.jsonl']);
    try {
      savePolicy(d.db, { ...FIXTURE_POLICY, trustedAsns: [4812, 14061] },
        'Test Examiner');
      detect(d.db, ['hosting-network-signin']);
      expect(findingsOf(d.db, 'hosting-network-signin')).toEqual([]);
    } finally {
      d.close();
    }
  });
});

describe('the allowed-country rules without a policy', () => {
  it('say that no allowed countries are set, and find nothing', async () => {
    const d = await buildCase(['sign-in-location.jsonl'], {
      allowedCountries: [], allowedRegions: {}, trustedNetworks: [],
      trustedAsns: [], travelExceptions: [], thresholds: {} });
    try {
      const run = detect(d.db, ['signin-outside-allowed']);
      expect(run.rules[0].notes).toEqual(['no allowed countries in the ' +
        'policy; set them with `tenant-trail policy <case> ' +
        '--allow-countries ...`']);
      expect(findingsOf(d.db, 'signin-outside-allowed')).toEqual([]);
    } finally {
      d.close();
    }
  });
});
