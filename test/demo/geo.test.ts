import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGeo } from '../../src-main/enrich/geoip.js';
import { generateDemo } from '../../src-main/demo/generate.js';
import { OFFICE_IPS } from '../../src-main/demo/ip-plan.js';
import { loadDemo, type DemoData, type Obj } from './demo-files.js';

let dir: string;
let data: DemoData;
const geo = openGeo();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'demo-geo-'));
  data = loadDemo(dir, await generateDemo(dir));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DOC_RANGES = [/^192\.0\.2\./, /^198\.51\.100\./, /^203\.0\.113\./,
  /^2001:db8:/i];

function where(ip: string) {
  const g = geo.lookup(ip);
  return [g.country, g.region, g.city, g.asn, g.asOrg];
}

describe('demo IP plan: incident addresses geolocate as the story says', () => {
  it('places the insider in China', () => {
    expect(where('113.106.72.45')).toEqual(['CN', 'Guangdong', 'Shenzhen',
      4134, 'Chinanet']);
    expect(where('58.32.232.61')).toEqual(['CN', 'Shanghai', 'Shanghai',
      4812, 'China Telecom (Group)']);
  });

  it('places the AiTM proxy and the replay host at hosting providers', () => {
    expect(where('37.139.0.10')).toEqual(['NL', 'North Holland',
      'Amsterdam', 14061, 'DigitalOcean, LLC']);
    expect(where('45.66.152.200')).toEqual(['GB', 'England', 'London', 9009,
      'M247 Europe SRL']);
  });

  it('places the password spray in Romania', () => {
    expect(where('185.120.144.66')).toEqual(['RO', 'Bucharest', 'Bucharest',
      9009, 'M247 Europe SRL']);
  });

  it('places the offices in US, England and India', () => {
    const expected: Record<string, [string, string]> = {
      MKE: ['US', 'Wisconsin'], CHI: ['US', 'Illinois'],
      BHM: ['GB', 'England'], PUN: ['IN', 'Maharashtra'],
    };
    for (const [code, ips] of Object.entries(OFFICE_IPS)) {
      for (const ip of ips) {
        expect(where(ip.ip).slice(0, 2), ip.ip).toEqual(expected[code]);
        expect(where(ip.ip)[3], ip.ip).toBe(ip.asn);
      }
    }
  });

  it('states every incident address as the database has it', () => {
    for (const inc of data.manifest.incidents) {
      for (const f of inc.ips) {
        const g = geo.lookup(f.ip);
        expect([g.country, g.region, g.asn, g.asOrg], f.ip)
          .toEqual([f.country, f.region, f.asn, f.asOrg]);
      }
    }
  });
});

interface Seen {
  ip: string;
  user: string;
  time: string;
}

function signInIps(): Seen[] {
  const out: Seen[] = data.graph.map((s) => ({ ip: String(s.ipAddress),
    user: String(s.userPrincipalName), time: String(s.createdDateTime) }));
  for (const r of data.portal) out.push({ ip: r[25], user: r[6], time: r[0] });
  for (const a of data.ualApi.filter((x) => x.RecordType === 15)) {
    out.push({ ip: String(a.ClientIP), user: String(a.UserId),
      time: String(a.CreationTime) });
  }
  for (const i of data.gws.login) {
    if (i.ipAddress) {
      out.push({ ip: String(i.ipAddress), user: String((i.actor as Obj)
        .email), time: String((i.id as Obj).time) });
    }
  }
  return out;
}

describe('demo IP plan: background sign-ins', () => {
  const incidentIps = () => new Set(['113.106.72.45', '58.32.232.61',
    '37.139.0.10', '45.66.152.200', '185.120.144.66']);

  it('come from US, England or India only (one documented trip)', () => {
    const seen = signInIps().filter((s) => !incidentIps().has(s.ip));
    expect(seen.length).toBeGreaterThan(5_000);
    const trips = new Set<string>();
    for (const s of seen) {
      if (DOC_RANGES.some((re) => re.test(s.ip))) continue;
      const g = geo.lookup(s.ip);
      expect(['US', 'GB', 'IN'], s.ip).toContain(g.country);
      if (g.country === 'GB' && g.region !== 'England') {
        trips.add(`${s.user.split('@')[0]} ${s.time.slice(0, 10)} ` +
          `${g.region}`);
      }
    }
    expect([...trips]).toEqual(['callum.hughes 2026-10-07 Scotland']);
  });

  it('report the location and ASN the database gives', () => {
    const all = [...data.graph];
    for (const s of all) {
      const g = geo.lookup(String(s.ipAddress));
      const loc = s.location as Obj;
      expect([loc.countryOrRegion, loc.state], String(s.ipAddress))
        .toEqual([g.country, g.region]);
      expect(s.autonomousSystemNumber, String(s.ipAddress)).toBe(g.asn);
    }
    for (const r of data.portal) {
      const g = geo.lookup(r[25]);
      expect(r[26].endsWith(`, ${g.region}, ${g.country}`), r[25]).toBe(true);
      expect(r[46]).toBe(String(g.asn));
    }
  });

  it('give Google networkInfo that matches the address', () => {
    for (const items of Object.values(data.gws)) {
      for (const i of items.filter((x) => x.networkInfo)) {
        const g = geo.lookup(String(i.ipAddress));
        const n = i.networkInfo as Obj;
        expect([n.regionCode, n.ipAsn], String(i.ipAddress))
          .toEqual([g.country, [g.asn]]);
      }
    }
  });
});
