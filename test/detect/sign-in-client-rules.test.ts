import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  brief,
  buildCase,
  detect,
  findingsOf,
  type DetectCase,
} from './detect-fixture.js';

let c: DetectCase;

beforeAll(async () => {
  c = await buildCase(['sign-in-clients.jsonl']);
  detect(c.db);
});

afterAll(() => c.close());

describe('legacy-auth-signin', () => {
  it('flags successful legacy sign-ins; high from a hosting network', () => {
    const found = findingsOf(c.db, 'legacy-auth-signin');
    expect(found.map(brief)).toEqual([
      ['legacy-auth-signin:oscar@contoso.example|IMAP4', 'medium',
        'oscar@contoso.example', ['cli-oscar-imap']],
      ['legacy-auth-signin:pat@contoso.example|Authenticated SMTP', 'high',
        'pat@contoso.example', ['cli-pat-smtp']],
    ]);
    expect(found[1].explanation).toBe(
      '1 successful sign-in by pat@contoso.example over legacy protocol ' +
        'Authenticated SMTP at 2026-03-03T12:00:00.000Z from 192.0.2.10; ' +
        'legacy protocols cannot ask for MFA; 192.0.2.10 is in hosting ' +
        'network AS14061 DigitalOcean, LLC');
  });

  it('ignores browser sign-ins and failed legacy attempts', () => {
    const records = findingsOf(c.db, 'legacy-auth-signin')
      .flatMap((f) => f.records);
    expect(records).not.toContain('cli-oscar-browser');
    expect(records).not.toContain('cli-quinn-imap-fail');
  });
});

describe('attack-tool-user-agent', () => {
  it('names the tool: high on success, medium on failure', () => {
    const found = findingsOf(c.db, 'attack-tool-user-agent');
    expect(found.map(brief)).toEqual([
      ['attack-tool-user-agent:rita@contoso.example|axios|2026-03-04',
        'high', 'rita@contoso.example', ['cli-rita-axios']],
      ['attack-tool-user-agent:sam@contoso.example|python-requests|' +
        '2026-03-04', 'medium', 'sam@contoso.example', ['cli-sam-python']],
    ]);
    expect(found[0].explanation).toBe(
      'Sign-in by rita@contoso.example succeeded at 2026-03-04T10:00:00.000Z ' +
        'from 198.51.100.30 (US (Los Angeles, AS7018 AT&T Enterprises, ' +
        'LLC)) with user agent "axios/1.7.7", which matches axios ' +
        '(phishing-kit)');
  });
});

describe('aitm-double-signin', () => {
  it('pairs a proxy sign-in with the user\'s own 24 s later', () => {
    const found = findingsOf(c.db, 'aitm-double-signin');
    expect(found.map(brief)).toEqual([
      ['aitm-double-signin:tom@contoso.example|192.0.2.10|198.51.100.10|' +
        '2026-03-05', 'high', 'tom@contoso.example',
      ['cli-tom-proxy', 'cli-tom-user']],
    ]);
    expect(found[0].matched).toMatchObject({ seconds: 24,
      proxy: { ip: '192.0.2.10',
        reason: 'hosting network AS14061 DigitalOcean, LLC' },
      user: { ip: '198.51.100.10' } });
  });

  it('leaves alone the same pattern ten minutes apart', () => {
    const users = findingsOf(c.db, 'aitm-double-signin').map((f) => f.actor);
    expect(users).not.toContain('uma@contoso.example');
  });
});

describe('session-multiple-networks', () => {
  it('high across countries, low for mobile roaming, medium otherwise',
    () => {
      const found = findingsOf(c.db, 'session-multiple-networks');
      expect(found.map(brief)).toEqual([
        ['session-multiple-networks:vic@contoso.example|S-vic', 'high',
          'vic@contoso.example', ['cli-vic-home', 'cli-vic-replay']],
        ['session-multiple-networks:wes@contoso.example|S-wes', 'low',
          'wes@contoso.example', ['cli-wes-home', 'cli-wes-mobile']],
        ['session-multiple-networks:xena@contoso.example|S-xena', 'medium',
          'xena@contoso.example', ['cli-xena-home', 'cli-xena-la']],
      ]);
      expect(found[0].explanation).toBe(
        'Session S-vic of vic@contoso.example was used from 2 countries and ' +
          '2 networks between 2026-03-06T10:00:00.000Z and ' +
          '2026-03-06T11:00:00.000Z: US (AS7922 Comcast Cable ' +
          'Communications, LLC, 198.51.100.10); GB (AS9009 M247 Europe ' +
          'SRL, 192.0.2.200)');
    });

  it('ignores a session that stays on one address', () => {
    const users = findingsOf(c.db, 'session-multiple-networks')
      .map((f) => f.actor);
    expect(users).not.toContain('yan@contoso.example');
  });
});
