/**
 * The fictional company behind the demo: Northwind Forge, a mid-size
 * castings and forgings manufacturer with offices in Milwaukee, Chicago,
 * Birmingham (England) and Pune, on Microsoft 365 and, for its design
 * studio, Google Workspace.
 */
import {
  HOME_POOLS,
  MOBILE_POOLS,
  atHost,
  poolIp,
  type IpInfo,
  type Pool,
} from './ip-plan.js';
import { UA } from './apps.js';
import { NAMES } from './names.js';
import { Rng, rngFor } from './rng.js';

/** Tenant-wide identifiers of the company. */
export interface Company {
  name: string;
  domain: string;
  gwsDomain: string;
  tenantId: string;
  tenantName: string;
  spoHost: string;
  myHost: string;
  gwsCustomerId: string;
  mailboxServer: string;
  sidPrefix: string;
  ukUnit: { id: string; name: string };
}

/** An office: where people work and in which time zone. */
export interface Office {
  code: 'MKE' | 'CHI' | 'BHM' | 'PUN';
  city: string;
  zone: string;
  country: string;
  /** Share of random staff placed here. */
  share: number;
  /** Probability of working from home on a workday. */
  wfh: number;
  departments: readonly string[];
  /** Window days the office is closed (Pune: Dussehra, 2026-10-20). */
  holidays: readonly number[];
}

/** The company's Windows laptop assigned to a person. */
export interface Laptop {
  id: string;
  name: string;
  browser: 'Edge' | 'Chrome';
  ua: string;
}

/** A person's phone, used for Outlook mobile and MFA. */
export interface Phone {
  id: string;
  os: string;
  model: string;
  ua: string;
}

/** A Google Workspace account of the design studio. */
export interface GwsAccount {
  email: string;
  profileId: string;
}

/** One member of staff with every identifier the logs use. */
export interface Person {
  index: number;
  first: string;
  last: string;
  displayName: string;
  upn: string;
  /** UserId as Exchange and SharePoint write it (case as provisioned). */
  rawUserId: string;
  objectId: string;
  puid: string;
  sid: string;
  mailboxGuid: string;
  office: Office;
  department: string;
  jobTitle: string;
  home: IpInfo;
  mobilePool: Pool;
  laptop: Laptop;
  phone: Phone;
  startMinute: number;
  workMinutes: number;
  isAdmin: boolean;
  gws: GwsAccount | null;
  /** First and last window day the account is active. */
  activeFrom: number;
  activeUntil: number;
}

/** The whole cast and the company they work for. */
export interface Scenario {
  seed: number;
  company: Company;
  people: Person[];
  gwsPeople: Person[];
  cast: Cast;
}

/** The named people of the incidents and the administrators. */
export interface Cast {
  itAdmin: Person;
  itAdminPune: Person;
  insider: Person;
  arClerk: Person;
  designLead: Person;
  newAdmin: Person;
  fieldEngineer: Person;
  leaver: Person;
}

/** The offices of Northwind Forge. */
export const OFFICES: readonly Office[] = [
  {
    code: 'MKE', city: 'Milwaukee', zone: 'America/Chicago', country: 'US',
    share: 0.45, wfh: 0.15, holidays: [],
    departments: ['Engineering', 'Operations', 'Quality', 'Finance',
      'Purchasing', 'Production', 'HR'],
  },
  {
    code: 'CHI', city: 'Chicago', zone: 'America/Chicago', country: 'US',
    share: 0.15, wfh: 0.4, holidays: [],
    departments: ['Sales', 'Marketing', 'Customer Service'],
  },
  {
    code: 'BHM', city: 'Birmingham', zone: 'Europe/London', country: 'GB',
    share: 0.2, wfh: 0.1, holidays: [],
    departments: ['Operations', 'Engineering', 'Quality', 'Sales'],
  },
  {
    code: 'PUN', city: 'Pune', zone: 'Asia/Kolkata', country: 'IN',
    share: 0.2, wfh: 0.25, holidays: [18],
    departments: ['Engineering', 'Design', 'Quality', 'IT'],
  },
];

const TITLES: Record<string, readonly string[]> = {
  Engineering: ['Process Engineer', 'Design Engineer', 'Tooling Engineer',
    'CAD Technician'],
  Operations: ['Plant Supervisor', 'Production Planner', 'Logistics Lead'],
  Quality: ['Quality Engineer', 'Metrology Technician', 'Quality Auditor'],
  Finance: ['Accountant', 'Financial Analyst', 'Payroll Specialist'],
  Purchasing: ['Buyer', 'Supplier Quality Engineer'],
  Production: ['Shift Manager', 'Foundry Supervisor'],
  HR: ['HR Generalist', 'Recruiter'],
  Sales: ['Account Manager', 'Sales Engineer', 'Inside Sales'],
  Marketing: ['Marketing Specialist', 'Graphic Designer'],
  'Customer Service': ['Customer Service Representative'],
  Design: ['Simulation Engineer', 'Design Engineer'],
  IT: ['Systems Analyst', 'Service Desk Analyst'],
};

function officeOf(code: string): Office {
  const o = OFFICES.find((x) => x.code === code);
  if (!o) throw new Error(`unknown office ${code}`);
  return o;
}

/** Builds the company identifiers from the seed. */
export function buildCompany(seed: number): Company {
  const r = rngFor(seed, 'company');
  return {
    name: 'Northwind Forge, Inc.',
    domain: 'northwindforge.com',
    gwsDomain: 'northwindforge.net',
    tenantId: r.guid(),
    tenantName: 'northwindforge.onmicrosoft.com',
    spoHost: 'northwindforge.sharepoint.com',
    myHost: 'northwindforge-my.sharepoint.com',
    gwsCustomerId: `C0${r.b64(7).replace(/[-_]/g, 'x')}`,
    mailboxServer: `CH${r.int(0, 3)}PR${r.int(10, 19)}MB`,
    sidPrefix: `S-1-5-21-${r.int(1e9, 4e9)}-${r.int(1e9, 4e9)}-` +
      `${r.int(1e9, 4e9)}`,
    ukUnit: { id: r.guid(), name: 'UK Operations' },
  };
}

interface Fixed {
  first: string;
  last: string;
  /** Mail nickname when first.last is taken, as tenants do (jo.doe2). */
  alias?: string;
  office: Office['code'];
  department: string;
  jobTitle: string;
  admin?: boolean;
  gws?: boolean;
}

const FIXED: Record<keyof Cast, Fixed> = {
  itAdmin: { first: 'Kevin', last: 'Brandt', office: 'MKE', department: 'IT',
    jobTitle: 'IT Systems Manager', admin: true, gws: true },
  itAdminPune: { first: 'Priya', last: 'Natarajan', office: 'PUN',
    department: 'IT', jobTitle: 'IT Administrator', admin: true },
  insider: { first: 'Daniel', last: 'Roth', office: 'MKE',
    department: 'Engineering', jobTitle: 'Senior Process Engineer' },
  arClerk: { first: 'Maria', last: 'Lopez', office: 'MKE',
    department: 'Finance', jobTitle: 'Accounts Receivable Specialist' },
  designLead: { first: 'Sam', last: 'Keller', office: 'CHI',
    department: 'Marketing', jobTitle: 'Creative Director', gws: true },
  newAdmin: { first: 'Ethan', last: 'Novak', office: 'MKE',
    department: 'IT', jobTitle: 'Messaging Administrator' },
  fieldEngineer: { first: 'Callum', last: 'Hughes', office: 'BHM',
    department: 'Engineering', jobTitle: 'Field Service Engineer' },
  leaver: { first: 'Greg', last: 'Hansen', office: 'CHI',
    department: 'Sales', jobTitle: 'Account Manager' },
};

const CAST_KEYS = Object.keys(FIXED) as (keyof Cast)[];

/** Window day the new administrator's account is created. */
export const NEW_ADMIN_DAY = 3;

/** Window day the leaver's account is disabled (2026-10-23). */
export const LEAVER_DAY = 21;

function upnOf(first: string, last: string, domain: string): string {
  return `${first}.${last}@${domain}`.toLowerCase();
}

/** How many random picks may collide before a number is added. */
const NAME_TRIES = 40;

/**
 * A new person's name; once the office's names run out, the mail
 * nickname gets the lowest free number, so any staff size works.
 */
function randomName(r: Rng, office: Office, taken: Set<string>): Fixed {
  const names = NAMES[office.code];
  let first = r.pick(names.first);
  let last = r.pick(names.last);
  let key = `${first}.${last}`.toLowerCase();
  for (let i = 1; i < NAME_TRIES && taken.has(key); i++) {
    first = r.pick(names.first);
    last = r.pick(names.last);
    key = `${first}.${last}`.toLowerCase();
  }
  let alias: string | undefined;
  for (let n = 2; taken.has(alias ?? key); n++) alias = `${key}${n}`;
  const department = r.pick(office.departments);
  const jobTitle = r.pick(TITLES[department]);
  return { first, last, alias, office: office.code, department, jobTitle };
}

function pickOffice(r: Rng): Office {
  return r.weighted(OFFICES, OFFICES.map((o) => o.share));
}

function laptopOf(r: Rng, f: Fixed): Laptop {
  const edge = r.chance(0.6);
  const tag = `${f.office}-LT${r.digits(4)}`;
  return {
    id: r.guid(),
    name: `NWF-${tag}`,
    browser: edge ? 'Edge' : 'Chrome',
    ua: edge ? UA.edgeWin : UA.chromeWin,
  };
}

function phoneOf(r: Rng): Phone {
  const ios = r.chance(0.6);
  return {
    id: r.guid(),
    os: ios ? 'Ios' : 'Android',
    model: ios ? r.pick(['iPhone 16', 'iPhone 15', 'iPhone 17'])
      : r.pick(['Pixel 9', 'Galaxy S25', 'Galaxy A56']),
    ua: ios ? UA.outlookIos : UA.outlookAndroid,
  };
}

function startOf(r: Rng, office: Office): number {
  const base = office.code === 'PUN' ? 540 : 420;
  return base + r.int(0, 8) * 15;
}

function makePerson(
  seed: number,
  company: Company,
  index: number,
  f: Fixed,
): Person {
  const r = rngFor(seed, 'person', index);
  const office = officeOf(f.office);
  const upn = f.alias ? `${f.alias}@${company.domain}`
    : upnOf(f.first, f.last, company.domain);
  const home = poolIp(r.pick(HOME_POOLS[office.code]), r);
  return {
    index,
    first: f.first,
    last: f.last,
    displayName: `${f.first} ${f.last}`,
    upn,
    rawUserId: r.chance(0.1) && !f.alias
      ? `${f.first}.${f.last}@${company.domain}` : upn,
    objectId: r.guid(),
    puid: `1003200${r.hex(9).toUpperCase()}`,
    sid: `${company.sidPrefix}-${r.int(10_000_000, 99_999_999)}`,
    mailboxGuid: r.guid(),
    office,
    department: f.department,
    jobTitle: f.jobTitle,
    home,
    mobilePool: r.pick(MOBILE_POOLS[office.country]),
    laptop: laptopOf(r, f),
    phone: phoneOf(r),
    startMinute: startOf(r, office),
    workMinutes: 480 + r.int(0, 6) * 15,
    isAdmin: f.admin === true,
    gws: null,
    activeFrom: -1,
    activeUntil: 31,
  };
}

/** The Exchange Online mailbox server of a person's mailbox. */
export function serverOf(c: Company, p: Person): string {
  return `${c.mailboxServer}${1000 + ((p.index * 7919) % 9000)}`;
}

/** Builds the company and its staff; count is at least the cast size. */
export function buildScenario(seed: number, count: number): Scenario {
  const company = buildCompany(seed);
  const taken = new Set<string>();
  const people: Person[] = [];
  for (const key of CAST_KEYS) {
    const f = FIXED[key];
    taken.add(`${f.first}.${f.last}`.toLowerCase());
    people.push(makePerson(seed, company, people.length, f));
  }
  const r = rngFor(seed, 'staff');
  while (people.length < count) {
    const f = randomName(r, pickOffice(r), taken);
    taken.add(f.alias ?? `${f.first}.${f.last}`.toLowerCase());
    people.push(makePerson(seed, company, people.length, f));
  }
  const cast = castOf(people);
  tailorCast(cast);
  const gwsPeople = assignGws(seed, company, people);
  return { seed, company, people, gwsPeople, cast };
}

function castOf(people: Person[]): Cast {
  const cast = {} as Cast;
  CAST_KEYS.forEach((k, i) => (cast[k] = people[i]));
  return cast;
}

function tailorCast(c: Cast): void {
  c.insider.laptop.id = '6f0c2a4e-93d1-4c7b-a5e8-1d2f3c4b5b21';
  c.insider.laptop.browser = 'Edge';
  c.insider.laptop.ua = UA.edgeWin;
  c.insider.rawUserId = 'Daniel.Roth@northwindforge.com';
  c.insider.home = atHost(HOME_POOLS.MKE[0], '24.163.128.23');
  c.arClerk.laptop.browser = 'Chrome';
  c.arClerk.laptop.ua = UA.chromeWin;
  c.designLead.home = atHost(HOME_POOLS.CHI[1], '24.12.96.140');
  c.newAdmin.activeFrom = NEW_ADMIN_DAY;
  c.leaver.activeUntil = LEAVER_DAY;
}

function assignGws(
  seed: number,
  company: Company,
  people: Person[],
): Person[] {
  const r = rngFor(seed, 'gws');
  const chosen = people.map((p) =>
    p.index < CAST_KEYS.length
      ? FIXED[CAST_KEYS[p.index]].gws === true
      : r.chance(0.3),
  );
  let count = chosen.filter(Boolean).length;
  for (let i = people.length - 1; i >= 0 && count < 50; i--) {
    if (!chosen[i] && i >= CAST_KEYS.length) {
      chosen[i] = true;
      count++;
    }
  }
  const out = people.filter((_, i) => chosen[i]);
  for (const p of out) {
    p.gws = {
      email: `${p.upn.split('@')[0]}@${company.gwsDomain}`,
      profileId: `1${rngFor(seed, 'gws-profile', p.index).digits(20)}`,
    };
  }
  return out;
}
