/**
 * A short table of findings (the user page's), each row opening the
 * finding's page.
 */
import type { FindingInfo } from '../../src-shared/contract.js';
import { navigate } from '../router.js';
import { SafeText } from '../safe-text.js';
import { formatTime } from '../time-format.js';
import { SeverityBadge, statusLabel } from './severity.js';

/** A table of findings. */
export function FindingList(p: {
  findings: FindingInfo[];
  zone: string;
  testId?: string;
}) {
  if (p.findings.length === 0) {
    return <p className="muted">no findings</p>;
  }
  return (
    <table className="list" data-testid={p.testId}>
      <thead>
        <tr><th>Severity</th><th>Finding</th><th>First ({p.zone})</th>
          <th>Events</th><th>Status</th></tr>
      </thead>
      <tbody>
        {p.findings.map((f) => (
          <tr key={f.id}>
            <td><SeverityBadge severity={f.severity} /></td>
            <td><a href={`#/finding/${f.id}`} onClick={(e) => {
              e.preventDefault();
              navigate({ view: 'finding', id: f.id });
            }}><SafeText value={f.title} /></a></td>
            <td className="mono">{formatTime(f.firstMs, p.zone)}</td>
            <td className="num">{f.eventCount}</td>
            <td>{statusLabel(f.status)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
