/**
 * Severity and review status of findings, as badges and select options.
 */
import type { FindingInfo } from '../../src-shared/contract.js';

/** A severity as a coloured badge. */
export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`sev sev-${severity}`}>{severity}</span>;
}

/** The label of a review status. */
export function statusLabel(s: FindingInfo['status']): string {
  return s === 'false-positive' ? 'false positive' : s;
}

/** Choices of the severity filter, most severe first. */
export const SEVERITY_CHOICES: { label: string; value: string[] }[] = [
  { label: 'all', value: [] },
  { label: 'high and critical', value: ['high', 'critical'] },
  { label: 'critical', value: ['critical'] },
  { label: 'high', value: ['high'] },
  { label: 'medium', value: ['medium'] },
  { label: 'low', value: ['low'] },
];
