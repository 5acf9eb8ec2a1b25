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
let notes: Record<string, string[]>;

beforeAll(async () => {
  c = await buildCase(['sign-in-history.jsonl']);
  const run = detect(c.db);
  notes = Object.fromEntries(run.rules.map((r) => [r.ruleId, r.notes]));
});

afterAll(() => c.close());

describe('first-seen-country', () => {
  it('flags a country new after 10 days of history, nothing else', () => {
    const found = findingsOf(c.db, 'first-seen-country');
    expect(found.map(brief)).toEqual([
      ['first-seen-country:ivan@contoso.example|CN|2026-03-11', 'medium',
        'ivan@contoso.example', ['hist-ivan-cn']],
    ]);
    expect(found[0].explanation).toBe(
      'First sign-in by ivan@contoso.example from country CN (Shenzhen, ' +
        'AS4134 Chinanet) at 2026-03-11T10:00:00.000Z (IP 203.0.113.45): ' +
        'not seen for this user in the 10 days of sign-in history before it');
  });

  it('counts sign-ins from a trusted network as history', () => {
    const users = findingsOf(c.db, 'first-seen-country').map((f) => f.actor);
    expect(users).not.toContain('jane@contoso.example');
  });

  it('says "not enough history" on a short case instead of guessing',
    async () => {
      const d = await buildCase(['sign-in-clients.jsonl']);
      try {
        const run = detect(d.db, ['first-seen-country']);
        expect(run.rules[0].notes).toEqual(['not enough history: the case ' +
          'covers 3.1 days; first-seen rules need 7 ' +
          '(firstSeen.minHistoryDays)']);
        expect(findingsOf(d.db, 'first-seen-country')).toEqual([]);
      } finally {
        d.close();
      }
    });
});

describe('first-seen-asn', () => {
  it('flags new networks but not a mobile carrier in a known country', () => {
    expect(findingsOf(c.db, 'first-seen-asn').map(brief)).toEqual([
      ['first-seen-asn:jane@contoso.example|AS7922|2026-03-11', 'low',
        'jane@contoso.example', ['hist-jane-home']],
      ['first-seen-asn:ivan@contoso.example|AS4134|2026-03-11', 'low',
        'ivan@contoso.example', ['hist-ivan-cn']],
    ]);
    expect(notes['first-seen-asn']).toEqual(['not enough history for 1 ' +
      'user(s): a new network within their first ' +
      'firstSeen.minHistoryDays days was not judged']);
  });
});

describe('impossible-travel', () => {
  it('reports both points, km and km/h; demotes a mobile carrier hop', () => {
    const found = findingsOf(c.db, 'impossible-travel');
    expect(found.map(brief)).toEqual([
      ['impossible-travel:ivan@contoso.example|2026-03-11', 'high',
        'ivan@contoso.example', ['hist-ivan-home-11', 'hist-ivan-cn']],
      ['impossible-travel:ivan@contoso.example|2026-03-12', 'low',
        'ivan@contoso.example', ['hist-ivan-home-12', 'hist-ivan-mobile']],
    ]);
    expect(found[0].explanation).toBe(
      'ivan@contoso.example signed in from US (Chicago, AS7922 Comcast ' +
        'Cable Communications, LLC) at 2026-03-11T09:00:00.000Z (IP ' +
        '198.51.100.10) and from CN (Shenzhen, AS4134 Chinanet) at ' +
        '2026-03-11T10:00:00.000Z (IP 203.0.113.45): 12512 km in 60 min, ' +
        '12512 km/h');
    expect(found[0].matched).toMatchObject({
      from: { ip: '198.51.100.10', city: 'Chicago', lat: 41.88,
        lon: -87.63 },
      to: { ip: '203.0.113.45', city: 'Shenzhen', lat: 22.54, lon: 114.06 },
      km: 12512, minutes: 60, kmh: 12512, limits: { km: 500, kmh: 800 },
    });
    expect(found[1].matched.caveat).toBe('198.51.100.20 is on mobile ' +
      "carrier AS21928, whose addresses are placed at the carrier's hub, " +
      'not at the phone');
  });

  it('leaves alone a trip at airliner speed (Chicago to LA in 6 h)', () => {
    const users = findingsOf(c.db, 'impossible-travel').map((f) => f.actor);
    expect(users).not.toContain('kate@contoso.example');
  });

  it('follows travel.minKmh: at 400 km/h the 6-hour trip is impossible',
    async () => {
      const d = await buildCase(['sign-in-history.jsonl'], {
        ...FIXTURE_POLICY, thresholds: { 'travel.minKmh': 400 } });
      try {
        detect(d.db, ['impossible-travel']);
        const kate = findingsOf(d.db, 'impossible-travel')
          .filter((f) => f.actor === 'kate@contoso.example');
        expect(kate.map(brief)).toEqual([
          ['impossible-travel:kate@contoso.example|2026-03-11', 'high',
            'kate@contoso.example', ['hist-kate-chicago', 'hist-kate-la']],
        ]);
        expect(kate[0].matched).toMatchObject({ km: 2804, kmh: 467 });
      } finally {
        d.close();
      }
    });
});
