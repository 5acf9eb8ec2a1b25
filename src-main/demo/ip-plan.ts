/**
 * The scenario's IP address plan. Every prefix was chosen so that the
 * bundled DB-IP and ASN databases place all of its hosts in the same
 * country, region, city and ASN; the demo tests verify each address.
 */
import type { Rng } from './rng.js';

/** Where an address is, as Microsoft and Google report it. */
export interface Place {
  city: string;
  state: string;
  country: string;
  /** ISO 3166-2 code, as in Google's networkInfo.subdivisionCode. */
  sub: string;
  lat: number;
  lon: number;
}

/** A block of addresses with one owner and one place. */
export interface Pool {
  /** IPv4 "a.b.c." (hosts 2-254) or IPv6 "a:b:c:" (a /48). */
  prefix: string;
  asn: number;
  asOrg: string;
  place: Place;
}

/** One concrete address with its owner and place. */
export interface IpInfo {
  ip: string;
  asn: number;
  asOrg: string;
  place: Place;
}

function place(
  city: string,
  state: string,
  country: string,
  sub: string,
  lat: number,
  lon: number,
): Place {
  return { city, state, country, sub, lat, lon };
}

const MKE = place('Milwaukee', 'Wisconsin', 'US', 'US-WI', 43.041, -87.9097);
const WAUKESHA = place('Waukesha', 'Wisconsin', 'US', 'US-WI', 43.0108,
  -88.2292);
const CHI = place('Chicago', 'Illinois', 'US', 'US-IL', 41.8781, -87.6298);
const OAK_PARK = place('Oak Park', 'Illinois', 'US', 'US-IL', 41.885,
  -87.7845);
const DALLAS = place('Dallas', 'Texas', 'US', 'US-TX', 32.7767, -96.797);
const RICHARDSON = place('Richardson', 'Texas', 'US', 'US-TX', 32.9482,
  -96.7297);
const BHM = place('Birmingham', 'England', 'GB', 'GB-ENG', 52.4814, -1.8998);
const WOLVES = place('Wolverhampton', 'England', 'GB', 'GB-ENG', 52.5855,
  -2.123);
const WALSALL = place('Walsall', 'England', 'GB', 'GB-ENG', 52.5853, -1.984);
const WBROM = place('West Bromwich', 'England', 'GB', 'GB-ENG', 52.5187,
  -1.9945);
const LONDON = place('London', 'England', 'GB', 'GB-ENG', 51.5072, -0.1276);
const NEWBURY = place('Newbury', 'England', 'GB', 'GB-ENG', 51.4148, -1.32);
const GLASGOW = place('Glasgow', 'Scotland', 'GB', 'GB-SCT', 55.8642,
  -4.2518);
const PUNE = place('Pune', 'Maharashtra', 'IN', 'IN-MH', 18.5204, 73.8567);
const PCMC = place('Pimpri-Chinchwad', 'Maharashtra', 'IN', 'IN-MH', 18.6187,
  73.8037);
const NAVI_MUMBAI = place('Navi Mumbai', 'Maharashtra', 'IN', 'IN-MH',
  19.1275, 73.0076);
const MUMBAI = place('Mumbai', 'Maharashtra', 'IN', 'IN-MH', 19.076, 72.8777);
const MANGVADI = place('Mangvadi', 'Maharashtra', 'IN', 'IN-MH', 18.4314,
  73.86);
const SHENZHEN = place('Shenzhen', 'Guangdong', 'CN', 'CN-GD', 22.5429,
  114.06);
const SHANGHAI = place('Shanghai', 'Shanghai', 'CN', 'CN-SH', 31.2304,
  121.474);
const AMSTERDAM = place('Amsterdam', 'North Holland', 'NL', 'NL-NH', 52.3563,
  4.9571);
const BUCHAREST = place('Bucharest', 'Bucharest', 'RO', 'RO-B', 44.4268,
  26.1025);

const CHARTER = 'Charter Communications Inc';
const COMCAST = 'Comcast Cable Communications, LLC';
const TMOBILE = 'T-Mobile USA, Inc.';
const TALKTALK = 'TalkTalk Communications Limited';
const SKY = 'Sky UK Limited';
const VIRGIN = 'Virgin Media Limited';
const VODAFONE_UK = 'Vodafone Limited';
const THREE = 'Hutchison 3G UK Limited';
const AIRTEL = 'Bharti Airtel Limited';
const VI = 'Vodafone Idea Ltd. (VIL)';
const JIO = 'Reliance Jio Infocomm Limited';

function pool(prefix: string, asn: number, asOrg: string, at: Place): Pool {
  return { prefix, asn, asOrg, place: at };
}

/** Residential broadband by office metro (UK: England only). */
export const HOME_POOLS: Record<string, Pool[]> = {
  MKE: [
    pool('24.163.128.', 10796, CHARTER, MKE),
    pool('24.167.208.', 10796, CHARTER, MKE),
    pool('24.169.192.', 10796, CHARTER, MKE),
    pool('47.231.136.', 10796, CHARTER, MKE),
    pool('24.106.40.', 10796, CHARTER, WAUKESHA),
    pool('24.209.128.', 10796, CHARTER, WAUKESHA),
  ],
  CHI: [
    pool('24.1.96.', 7922, COMCAST, CHI),
    pool('24.12.96.', 7922, COMCAST, CHI),
    pool('24.13.16.', 7922, COMCAST, CHI),
    pool('23.25.0.', 7922, COMCAST, OAK_PARK),
    pool('2601:240:c500:', 7922, COMCAST, CHI),
  ],
  BHM: [
    pool('2.96.120.', 13285, TALKTALK, WBROM),
    pool('2.97.96.', 13285, TALKTALK, WOLVES),
    pool('2.99.56.', 13285, TALKTALK, BHM),
    pool('2.124.176.', 5607, SKY, BHM),
    pool('2.127.200.', 5607, SKY, WALSALL),
    pool('62.30.48.', 5089, VIRGIN, BHM),
    pool('62.252.104.', 5089, VIRGIN, WOLVES),
  ],
  PUN: [
    pool('27.97.32.', 45271, VI, PUNE),
    pool('49.206.136.', 18209, 'Atria Convergence Technologies Pvt. Ltd.,',
      PCMC),
    pool('59.184.208.', 9829, 'Bharat Sanchar Nigam Ltd', PUNE),
    pool('106.192.136.', 45609, AIRTEL, PUNE),
    pool('106.210.144.', 45609, AIRTEL, PUNE),
    pool('106.79.64.', 45271, VI, PUNE),
  ],
};

/** Mobile carriers by country; carriers geolocate to their hubs. */
export const MOBILE_POOLS: Record<string, Pool[]> = {
  US: [
    pool('24.221.32.', 21928, TMOBILE, CHI),
    pool('68.25.0.', 21928, TMOBILE, CHI),
    pool('68.29.56.', 21928, TMOBILE, CHI),
    pool('74.60.0.', 21928, TMOBILE, CHI),
    pool('72.97.120.', 6167, 'Verizon Business', DALLAS),
    pool('2607:fb90:8a12:', 21928, TMOBILE, RICHARDSON),
  ],
  GB: [
    pool('85.255.232.', 25135, VODAFONE_UK, place('Bovingdon', 'England',
      'GB', 'GB-ENG', 51.7231, -0.5367)),
    pool('88.82.0.', 25135, VODAFONE_UK, NEWBURY),
    pool('92.40.0.', 206067, THREE, LONDON),
    pool('94.196.0.', 206067, THREE, place('Carshalton', 'England', 'GB',
      'GB-ENG', 51.3683, -0.1675)),
  ],
  IN: [
    pool('49.32.8.', 55836, JIO, NAVI_MUMBAI),
    pool('49.34.0.', 55836, JIO, NAVI_MUMBAI),
    pool('49.35.0.', 55836, JIO, NAVI_MUMBAI),
    pool('49.33.32.', 55836, JIO, MUMBAI),
    pool('106.192.48.', 45609, AIRTEL, place('Powai', 'Maharashtra', 'IN',
      'IN-MH', 19.1164, 72.9047)),
    pool('2409:4042:2d10:', 55836, JIO, MANGVADI),
  ],
};

/**
 * Hotel Wi-Fi in Glasgow: the one benign sign-in from the part of the UK
 * the tenant does not approve (Scotland), documented in the manifest.
 */
export const SCOTLAND_POOL = pool('2.120.8.', 5607, SKY, GLASGOW);

function fixed(ip: string, asn: number, asOrg: string, at: Place): IpInfo {
  return { ip, asn, asOrg, place: at };
}

const ATT = 'AT&T Enterprises, LLC';

/** Office egress (NAT) addresses; each office has two. */
export const OFFICE_IPS: Record<string, IpInfo[]> = {
  MKE: [
    fixed('12.9.128.34', 7018, ATT, MKE),
    fixed('12.9.128.35', 7018, ATT, MKE),
  ],
  CHI: [
    fixed('12.74.192.18', 7018, ATT, CHI),
    fixed('12.74.192.19', 7018, ATT, CHI),
  ],
  BHM: [
    fixed('31.55.232.71', 2856, 'British Telecommunications PLC', BHM),
    fixed('31.55.232.72', 2856, 'British Telecommunications PLC', BHM),
  ],
  PUN: [
    fixed('14.140.40.130', 4755, 'Tata Communications Limited', PUNE),
    fixed('14.140.40.131', 4755, 'Tata Communications Limited', PUNE),
  ],
};

/** The insider's first address in China (Chinanet, Shenzhen). */
export const CN_SHENZHEN = fixed('113.106.72.45', 4134, 'Chinanet', SHENZHEN);

/** The insider's second address in China (China Telecom, Shanghai). */
export const CN_SHANGHAI = fixed('58.32.232.61', 4812,
  'China Telecom (Group)', SHANGHAI);

/** The AiTM proxy (DigitalOcean, Amsterdam). */
export const AITM_PROXY = fixed('37.139.0.10', 14061, 'DigitalOcean, LLC',
  AMSTERDAM);

/** The token-replay host (M247, London). */
export const REPLAY_HOST = fixed('45.66.152.200', 9009, 'M247 Europe SRL',
  LONDON);

/** The Google Workspace password-spray source (M247, Bucharest). */
export const SPRAY_HOST = fixed('185.120.144.66', 9009, 'M247 Europe SRL',
  BUCHAREST);

/** The unknown OAuth app's API client (documentation range, no geo). */
export const OAUTH_APP_IP = '2001:db8:7::15';

/** A concrete address of a pool: a fixed host or a random one. */
export function poolIp(p: Pool, rng: Rng): IpInfo {
  const ip = p.prefix.includes(':')
    ? `${p.prefix}${rng.hex(4).replace(/^0+/, '') || '0'}::` +
      `${rng.int(1, 0xfff).toString(16)}`
    : `${p.prefix}${rng.int(2, 254)}`;
  return { ip, asn: p.asn, asOrg: p.asOrg, place: p.place };
}

/** The address ip inside pool p (for people with a fixed address). */
export function atHost(p: Pool, ip: string): IpInfo {
  return { ip, asn: p.asn, asOrg: p.asOrg, place: p.place };
}

/** Every pool of the plan, for documentation and tests. */
export function allPools(): Pool[] {
  return [
    ...Object.values(HOME_POOLS).flat(),
    ...Object.values(MOBILE_POOLS).flat(),
    SCOTLAND_POOL,
  ];
}
