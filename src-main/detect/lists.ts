/**
 * The curated lists detections ship with (resources/detect): hosting
 * and VPN networks, mobile carriers, free-mail domains, privileged
 * roles, attack-tool user agents. Loaded once.
 */
import { readFileSync } from 'node:fs';
import { resourcePath } from '../util/paths.js';

/** What kind of network an ASN belongs to. */
export type NetworkKind = 'hosting' | 'cloud' | 'vpn' | 'security-gateway';

/** One curated autonomous system. */
export interface ListedAsn {
  asn: number;
  org: string;
  kind: NetworkKind;
  source: string;
}

/** One mobile carrier network. */
export interface MobileCarrier {
  asn: number;
  org: string;
  country: string;
}

/** One privileged directory role. */
export interface PrivilegedRole {
  name: string;
  templateId: string;
  critical: boolean;
  aliases: string[];
}

/** One user-agent pattern of a tool, kit or ROPC bridge. */
export interface AgentPattern {
  label: string;
  kind: string;
  regex: RegExp;
}

/** The loaded lists with their lookups. */
export class DetectionLists {
  private readonly asns: ReadonlyMap<number, ListedAsn>;
  private readonly mobile: ReadonlyMap<number, MobileCarrier>;
  private readonly freeMail: ReadonlySet<string>;
  private readonly freeMailPrefixes: readonly string[];
  private readonly roles: ReadonlyMap<string, PrivilegedRole>;
  readonly agents: readonly AgentPattern[];

  constructor(dir: (name: string) => unknown = readList) {
    const hosting = dir('hosting-asns.json') as { asns: ListedAsn[] };
    this.asns = new Map(hosting.asns.map((a) => [a.asn, a]));
    const carriers = dir('mobile-carrier-asns.json') as {
      asns: MobileCarrier[];
    };
    this.mobile = new Map(carriers.asns.map((a) => [a.asn, a]));
    const free = dir('free-mail-domains.json') as {
      domains: string[];
      prefixes: string[];
    };
    this.freeMail = new Set(free.domains);
    this.freeMailPrefixes = free.prefixes;
    this.roles = roleIndex(dir('privileged-roles.json'));
    this.agents = agentPatterns(dir('attack-user-agents.json'));
  }

  /** The hosting, cloud or VPN network of an ASN; gateways excluded. */
  hostingNetwork(asn: number | null): ListedAsn | null {
    const hit = asn === null ? undefined : this.asns.get(asn);
    return hit && hit.kind !== 'security-gateway' ? hit : null;
  }

  /** The mobile carrier of an ASN, whose addresses geolocate to hubs. */
  mobileCarrier(asn: number | null): MobileCarrier | null {
    return asn === null ? null : this.mobile.get(asn) ?? null;
  }

  /** True when a mail domain belongs to a free-mail provider. */
  isFreeMail(domain: string): boolean {
    const d = domain.toLowerCase();
    if (this.freeMail.has(d)) return true;
    return this.freeMailPrefixes.some((p) => d.startsWith(p));
  }

  /** The privileged role a name, alias or template ID refers to. */
  privilegedRole(nameOrId: string): PrivilegedRole | null {
    return this.roles.get(nameOrId.trim().toLowerCase()) ?? null;
  }

  /** The first attack-tool pattern a user agent matches. */
  matchAgent(userAgent: string | null): AgentPattern | null {
    if (!userAgent) return null;
    return this.agents.find((a) => a.regex.test(userAgent)) ?? null;
  }
}

function readList(name: string): unknown {
  return JSON.parse(readFileSync(resourcePath('detect', name), 'utf8'));
}

function roleIndex(raw: unknown): Map<string, PrivilegedRole> {
  const out = new Map<string, PrivilegedRole>();
  for (const r of (raw as { roles: PrivilegedRole[] }).roles) {
    for (const k of [r.name, r.templateId, ...r.aliases]) {
      out.set(k.toLowerCase(), r);
    }
  }
  return out;
}

function agentPatterns(raw: unknown): AgentPattern[] {
  const list = (raw as { patterns: { label: string; pattern: string;
    kind: string }[] }).patterns;
  return list.map((p) => ({
    label: p.label,
    kind: p.kind,
    regex: new RegExp(p.pattern, 'i'),
  }));
}

let loaded: DetectionLists | undefined;

/** The shipped lists, loaded once. */
export function loadDetectionLists(): DetectionLists {
  loaded ??= new DetectionLists();
  return loaded;
}
