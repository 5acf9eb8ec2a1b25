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
  c = await buildCase(['files.jsonl']);
  detect(c.db);
});

afterAll(() => c.close());

const dan = Array.from({ length: 30 }, (_, i) =>
  `file-dan-${String(i).padStart(2, '0')}`);

describe('mass-file-download', () => {
  it('flags 30 files in 2 minutes from outside the allowed countries', () => {
    const found = findingsOf(c.db, 'mass-file-download');
    expect(found.map(brief)).toEqual([
      ['mass-file-download:dan@contoso.example|2026-03-10T02:10:00.000Z',
        'high', 'dan@contoso.example', dan],
    ]);
    expect(found[0].matched).toMatchObject({ files: 30, downloads: 30,
      peak: 30, windowMinutes: 3, thresholds: { files: 25, hourFiles: 200 },
      extensions: ['dwg'], ips: ['203.0.113.45'],
      risk: 'from CN (Shenzhen, AS4134 Chinanet), outside the allowed ' +
        'countries' });
  });

  it('ignores ten files in ten minutes; finds them at minFiles 5', async () => {
    expect(findingsOf(c.db, 'mass-file-download').map((f) => f.actor))
      .not.toContain('ben@contoso.example');
    const d = await buildCase(['files.jsonl'], {
      ...FIXTURE_POLICY, thresholds: { 'massDownload.minFiles': 3 } });
    try {
      detect(d.db, ['mass-file-download']);
      expect(findingsOf(d.db, 'mass-file-download').map((f) =>
        [f.actor, f.severity, f.eventCount])).toEqual([
        ['dan@contoso.example', 'high', 30],
        ['ben@contoso.example', 'medium', 10],
      ]);
    } finally {
      d.close();
    }
  });
});

describe('external-sharing-link', () => {
  it('flags an anyone link and a guest share, not an internal share', () => {
    expect(findingsOf(c.db, 'external-sharing-link').map(brief)).toEqual([
      ['external-sharing-link:dan@contoso.example|2026-03-10', 'medium',
        'dan@contoso.example', ['file-dan-anon']],
      ['external-sharing-link:ben@contoso.example|2026-03-10', 'medium',
        'ben@contoso.example', ['file-ben-guest']],
    ]);
  });
});
