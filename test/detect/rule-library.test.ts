import { describe, expect, it } from 'vitest';
import { RULES } from '../../src-main/detect/rules/index.js';
import { SEVERITIES } from '../../src-main/detect/rule.js';
import { loadDetectionLists } from '../../src-main/detect/lists.js';
import { buildCase, detect } from './detect-fixture.js';

const FILES = ['sign-in-location.jsonl', 'sign-in-history.jsonl',
  'credentials.jsonl', 'sign-in-clients.jsonl', 'mailbox.jsonl',
  'identity.jsonl', 'files.jsonl', 'gws.jsonl'];

describe('the rule library', () => {
  it('gives every rule a unique id, title, severity and technique', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(37);
    for (const r of RULES) {
      expect(r.id, r.id).toMatch(/^[a-z0-9-]+$/);
      expect(r.title.length, r.id).toBeGreaterThan(10);
      expect(SEVERITIES, r.id).toContain(r.severity);
      expect(r.technique, r.id).toMatch(/^T\d{4}(\.\d{3})?$/);
      expect(r.description.length, r.id).toBeGreaterThan(60);
    }
  });

  it('has a fixture on which every rule raises a finding', async () => {
    const fired = new Set<string>();
    for (const f of FILES) {
      const c = await buildCase([f]);
      try {
        for (const r of detect(c.db).rules) {
          if (r.findings > 0) fired.add(r.ruleId);
        }
      } finally {
        c.close();
      }
    }
    expect(RULES.map((r) => r.id).filter((id) => !fired.has(id)))
      .toEqual([]);
  });
});

describe('the shipped lists', () => {
  const lists = loadDetectionLists();

  it('classify hosting networks but not security gateways', () => {
    expect(lists.hostingNetwork(14061)?.kind).toBe('hosting');
    expect(lists.hostingNetwork(22616)).toBeNull();
    expect(lists.hostingNetwork(7922)).toBeNull();
  });

  it('know mobile carriers, free-mail domains, roles and tool agents', () => {
    expect(lists.mobileCarrier(21928)?.country).toBe('US');
    expect(lists.mobileCarrier(7922)).toBeNull();
    expect(lists.isFreeMail('gmail.com')).toBe(true);
    expect(lists.isFreeMail('hotmail.co.uk')).toBe(true);
    expect(lists.isFreeMail('contoso.example')).toBe(false);
    expect(lists.privilegedRole('Company Administrator')?.name)
      .toBe('Global Administrator');
    expect(lists.privilegedRole('Reports Reader')).toBeNull();
    expect(lists.matchAgent('axios/1.7.7')?.label).toBe('axios');
    expect(lists.matchAgent('Mozilla/5.0 (Windows NT 10.0) Chrome/124'))
      .toBeNull();
  });
});
