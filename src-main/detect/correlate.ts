/**
 * Raising a finding when the same account has other findings that
 * change its meaning: a sign-in from outside the allowed countries by
 * an account that also hides mail or hands out mailbox access.
 */
import type { FindingDraft, Rule } from './rule.js';

/** Drafts of one rule, as the run collected them. */
export interface RuleDrafts {
  rule: Rule;
  drafts: FindingDraft[];
}

const TAKEOVER_SIGNS = [
  'inbox-rule-hide',
  'inbox-rule-obfuscated-name',
  'mailbox-delegation',
];

/** Escalates outside-country sign-ins of accounts with takeover signs. */
export function correlate(all: RuleDrafts[]): void {
  const signs = new Map<string, Set<string>>();
  for (const { rule, drafts } of all) {
    if (!TAKEOVER_SIGNS.includes(rule.id)) continue;
    for (const d of drafts) {
      if (!d.actor) continue;
      const set = signs.get(d.actor) ?? new Set<string>();
      set.add(rule.title.toLowerCase());
      signs.set(d.actor, set);
    }
  }
  const outside = all.find((r) => r.rule.id === 'signin-outside-allowed');
  for (const d of outside?.drafts ?? []) {
    const found = d.actor ? signs.get(d.actor) : undefined;
    if (!found || d.severity === 'medium') continue;
    d.severity = 'critical';
    d.matched = { ...d.matched, alsoFound: [...found] };
    d.explanation += `; the same account also has: ${[...found].join(', ')}`;
  }
}
