import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  exportEcs,
  exportTimesketch,
} from '../../src-main/bundle/timeline-exports.js';
import {
  FIXTURES,
  buildFixtureCase,
  fileSha256,
  withCase,
  type FixtureCase,
} from './case-fixture.js';

const SIGNINS_SHA = fileSha256(join(FIXTURES, 'signins.json'));
const TENANT = 'f28aea8d-1c1c-58be-bbb0-2ee62e71f72c';
const HOSTILE_UA =
  "javascript:alert(document.cookie) <script>alert('ua')</script>";

let fixture: FixtureCase;
let serial = 0;

beforeAll(async () => {
  fixture = await buildFixtureCase();
}, 60_000);

async function lines(
  run: typeof exportEcs,
  filter: Parameters<typeof exportEcs>[1] = {},
): Promise<Record<string, any>[]> {
  const out = join(fixture.dir, `timeline-${++serial}.json`);
  const s = await withCase(fixture.casePath, (db) => run(db, filter, out));
  const text = readFileSync(out, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const parsed = text.trimEnd().split('\n').map((l) => JSON.parse(l));
  expect(parsed.length).toBe(s.events);
  return parsed;
}

describe('Timesketch JSON Lines', () => {
  test('writes every event in time order with the required fields', async () => {
    const got = await lines(exportTimesketch);
    expect(got.map((l) => l.datetime)).toEqual([
      '2025-03-01T09:00:00.000Z',
      '2025-03-01T09:01:00.250Z',
      '2025-03-01T10:00:00.000Z',
      '2025-03-01T10:05:00.000Z',
      '2025-03-01T11:00:00.000Z',
      '2025-03-01T11:30:00.000Z',
      '2025-03-02T08:00:00.000Z',
      '2025-03-02T08:30:00.000Z',
    ]);
    for (const l of got) {
      expect(Object.keys(l).slice(0, 5)).toEqual([
        'message',
        'datetime',
        'timestamp',
        'timestamp_desc',
        'data_type',
      ]);
    }
  });

  test('gives a failed sign-in exactly these fields', async () => {
    const got = await lines(exportTimesketch);
    expect(got[1]).toEqual({
      message:
        'alice@contoso.example SignIn (failure) on Office 365 Exchange ' +
        'Online from 192.0.2.44',
      datetime: '2025-03-01T09:01:00.250Z',
      timestamp: 1740819660250000,
      timestamp_desc: 'Sign-in Time',
      data_type: 'tenant_trail:entra-signin',
      event_id: 2,
      source: 'entra-signin',
      workload: 'OfficeHome',
      operation: 'SignIn',
      category: 'sign-in',
      result: 'failure',
      result_code: '50126',
      user: 'alice@contoso.example',
      user_id: 'a1b2c3d4-0000-4000-8000-000000000020',
      target: 'Office 365 Exchange Online',
      ip: '192.0.2.44',
      user_agent: HOSTILE_UA,
      client_app: 'Browser',
      correlation_id: 'c0ffee00-0000-4000-8000-000000000002',
      record_id: '5b0c1f7e-0000-4000-8000-000000000002',
      tenant_id: TENANT,
      time_original: '2025-03-01T09:01:00.250Z',
      evidence_sha256: SIGNINS_SHA,
      evidence_name: 'signins.json',
      byte_offset: 774,
      byte_length: 825,
      line: 3,
    });
  });

  test('takes the filter: one user', async () => {
    const got = await lines(exportTimesketch, { user: 'bob@contoso.example' });
    expect(got.map((l) => l.record_id.slice(-2))).toEqual(['03', '04']);
  });
});

describe('Elastic Common Schema NDJSON', () => {
  test('gives a failed sign-in exactly these fields', async () => {
    const got = await lines(exportEcs);
    expect(got.length).toBe(8);
    expect(got[1]).toEqual({
      '@timestamp': '2025-03-01T09:01:00.250Z',
      ecs: { version: '8.11.0' },
      message:
        'alice@contoso.example SignIn (failure) on Office 365 Exchange ' +
        'Online from 192.0.2.44',
      event: {
        kind: 'event',
        action: 'SignIn',
        category: ['authentication'],
        type: ['start'],
        outcome: 'failure',
        provider: 'entra-signin',
        dataset: 'tenant_trail.entra-signin',
        id: '5b0c1f7e-0000-4000-8000-000000000002',
        code: '50126',
      },
      user: {
        name: 'alice@contoso.example',
        id: 'a1b2c3d4-0000-4000-8000-000000000020',
        email: 'alice@contoso.example',
      },
      source: { ip: '192.0.2.44' },
      user_agent: { original: HOSTILE_UA },
      organization: { id: TENANT },
      log: { file: { path: `evidence/${SIGNINS_SHA}` } },
      related: { ip: ['192.0.2.44'], user: ['alice@contoso.example'] },
      tenant_trail: {
        event_id: 2,
        category: 'sign-in',
        workload: 'OfficeHome',
        target: 'Office 365 Exchange Online',
        client_app: 'Browser',
        correlation_id: 'c0ffee00-0000-4000-8000-000000000002',
        time_original: '2025-03-01T09:01:00.250Z',
        evidence: {
          sha256: SIGNINS_SHA,
          original_name: 'signins.json',
          exhibit: 'E001',
          byte_offset: 774,
          byte_length: 825,
          line: 3,
        },
      },
    });
  });

  test('maps each category to ECS categories and types', async () => {
    const got = await lines(exportEcs);
    expect(
      got.map((d) => [d.event.action, d.event.category, d.event.type]),
    ).toEqual([
      ['SignIn', ['authentication'], ['start']],
      ['SignIn', ['authentication'], ['start']],
      ['FileAccessed', ['file'], ['access']],
      ['FileDownloaded', ['file'], ['access']],
      ['New-InboxRule', ['email'], ['info']],
      ['MailItemsAccessed', ['email'], ['info']],
      ['SignIn', ['authentication'], ['start']],
      ['SignIn', ['authentication'], ['start']],
    ]);
  });

  test('takes the filter: a time range', async () => {
    const got = await lines(exportEcs, {
      fromMs: Date.parse('2025-03-01T10:00:00Z'),
      toMs: Date.parse('2025-03-01T11:00:00Z'),
    });
    expect(got.map((d) => d.event.action)).toEqual([
      'FileAccessed',
      'FileDownloaded',
      'New-InboxRule',
    ]);
  });

  test('refuses to replace an existing file unless asked', async () => {
    const out = join(fixture.dir, 'exists.ndjson');
    writeFileSync(out, 'keep me');
    await expect(
      withCase(fixture.casePath, (db) => exportEcs(db, {}, out)),
    ).rejects.toThrow(`${out} already exists`);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    await withCase(fixture.casePath, (db) =>
      exportEcs(db, {}, out, { overwrite: true }),
    );
    expect(readFileSync(out, 'utf8').split('\n').length).toBe(9);
  });
});
