/**
 * `tenant-trail policy`: show the case's tenant policy (allowed
 * countries and regions, trusted networks and ASNs, travel exceptions,
 * thresholds) or change it; every change is custody-logged.
 */
import type { Command } from 'commander';
import type { Policy } from '../../../src-shared/domain.js';
import { TrailError } from '../../../src-shared/errors.js';
import { closeCase, openCase, readCaseInfo } from '../../case/case-file.js';
import {
  applyPolicyEdit,
  CLEARABLE,
  type ClearableField,
  type PolicyEdit,
} from '../../policy/policy-edit.js';
import { loadPolicy, savePolicy } from '../../policy/policy-store.js';
import { THRESHOLDS, thresholdValue } from '../../policy/thresholds.js';
import { tableCell } from '../output.js';
import { action } from '../run-action.js';

/** Registers the policy command. */
export function registerPolicyCommands(program: Command): void {
  program
    .command('policy <case>')
    .description('show or change the tenant policy detections judge by')
    .option('--allow-countries <codes>',
      'replace the allowed countries, e.g. US,GB,IN', splitList)
    .option('--allow-region <CC:Region>',
      'allow only this region of a country, e.g. GB:England (repeatable)',
      collect, [])
    .option('--trust-network <cidr>',
      'add a trusted network, e.g. 203.0.113.0/24 (repeatable)', collect, [])
    .option('--trust-asn <number>',
      'add a trusted autonomous system, e.g. 22616 (repeatable)',
      collect, [])
    .option('--travel <user:CC:from:to>',
      'add a travel exception, e.g. jo@example.com:JP:2026-10-01:' +
        '2026-10-09 (repeatable)', collect, [])
    .option('--threshold <name=value>',
      'set a detection threshold, e.g. spray.minUsers=5 (repeatable)',
      collect, [])
    .option('--clear <field>',
      `empty a field first: ${CLEARABLE.join(', ')} (repeatable)`,
      collect, [])
    .option('--examiner <name>',
      'examiner making the change (default: the case examiner)')
    .option('--format <format>', 'text or json', 'text')
    .action(action(policy));
}

interface PolicyCliOptions {
  allowCountries?: string[];
  allowRegion: string[];
  trustNetwork: string[];
  trustAsn: string[];
  travel: string[];
  threshold: string[];
  clear: string[];
  examiner?: string;
  format: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function splitList(value: string): string[] {
  return value.split(/[,\s]+/).filter(Boolean);
}

/** The edit the options ask for, or null when they ask for none. */
export function editOf(o: PolicyCliOptions): PolicyEdit | null {
  const edit: PolicyEdit = {
    clear: o.clear as ClearableField[],
    allowCountries: o.allowCountries,
    allowRegions: o.allowRegion,
    trustedNetworks: o.trustNetwork,
    trustedAsns: o.trustAsn.map(asnOf),
    travel: o.travel,
    thresholds: o.threshold,
  };
  const asked = o.allowCountries !== undefined ||
    [o.clear, o.allowRegion, o.trustNetwork, o.trustAsn, o.travel,
      o.threshold].some((l) => l.length > 0);
  return asked ? edit : null;
}

function asnOf(text: string): number {
  const n = Number(text.replace(/^AS/i, ''));
  if (!Number.isInteger(n) || n <= 0) {
    throw new TrailError('BAD_REQUEST',
      `--trust-asn ${text}: expected an AS number, e.g. 22616 or AS22616`);
  }
  return n;
}

function policy(path: string, o: PolicyCliOptions): void {
  if (!['text', 'json'].includes(o.format)) {
    throw new TrailError('BAD_REQUEST', '--format must be text or json');
  }
  const edit = editOf(o);
  const c = openCase(path, { readonly: edit === null });
  try {
    let current = loadPolicy(c.db);
    if (edit) {
      const examiner = o.examiner ?? readCaseInfo(c.db).examiner;
      const update = savePolicy(c.db, applyPolicyEdit(current, edit),
        examiner);
      const fields = Object.keys(update.changes);
      process.stderr.write(fields.length
        ? `policy changed (${fields.join(', ')}); recorded in the custody ` +
          'log. Run `tenant-trail detect` again to apply it.\n'
        : 'policy unchanged\n');
      current = update.policy;
    }
    process.stdout.write(o.format === 'json'
      ? `${JSON.stringify(current, null, 2)}\n`
      : describePolicy(current));
  } finally {
    closeCase(c);
  }
}

/** The policy as plain text, one field a line, thresholds with defaults. */
export function describePolicy(p: Policy): string {
  const list = (v: readonly (string | number)[]) =>
    v.length ? v.map((x) => tableCell(x)).join(', ') : '(none)';
  const regions = Object.entries(p.allowedRegions)
    .map(([cc, names]) => `${cc}: ${names.join(', ')}`);
  const travel = p.travelExceptions
    .map((t) => `${t.user} in ${t.country} from ${t.from} to ${t.to}`);
  const lines = [
    `allowed countries: ${list(p.allowedCountries)}`,
    `allowed regions (only these parts of the country): ${list(regions)}`,
    `trusted networks: ${list(p.trustedNetworks)}`,
    `trusted ASNs: ${list(p.trustedAsns)}`,
    `travel exceptions: ${list(travel)}`,
    'thresholds (name = value; * = set in this case):',
    ...THRESHOLDS.map((t) => {
      const set = p.thresholds[t.name] !== undefined;
      const v = thresholdValue(p.thresholds, t.name);
      return `  ${set ? '*' : ' '} ${t.name} = ${v}  (${t.meaning}; ` +
        `default ${t.defaultValue})`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}
