/**
 * One finding: what the rule concluded and why, the values that
 * matched, the examiner's review, and the events it rests on in the
 * timeline.
 */
import { useState } from 'react';
import type {
  FindingDetailInfo,
  FindingInfo,
} from '../../src-shared/contract.js';
import { Fact } from '../count-table.js';
import { navigate } from '../router.js';
import { SafeText } from '../safe-text.js';
import { formatTimeLabelled } from '../time-format.js';
import { TimelineView } from '../timeline/timeline-view.js';
import { call } from '../transport.js';
import { useCall } from '../use-call.js';
import { useWorkbench } from '../workbench-context.js';
import { SeverityBadge, statusLabel } from './severity.js';

/** The finding page. */
export function FindingPage({ id }: { id: number }) {
  const detail = useCall('findingDetail', { id });
  if (detail.error) return <p className="error pad">{detail.error.message}</p>;
  if (!detail.value) return <p className="muted pad">loading finding…</p>;
  return <FindingBody d={detail.value} onReviewed={detail.reload} />;
}

function FindingBody(p: { d: FindingDetailInfo; onReviewed(): void }) {
  const wb = useWorkbench();
  const f = p.d.finding;
  return (
    <div className="page">
      <header className="page-head">
        <h2 data-testid="finding-title">
          <SeverityBadge severity={f.severity} /> <SafeText value={f.title} />
        </h2>
        <div className="facts">
          <Fact label="Rule"><span className="mono">{f.ruleId}</span></Fact>
          <Fact label="ATT&CK">{f.technique}</Fact>
          <Fact label="User"><UserLink user={f.actor} /></Fact>
          <Fact label="First">{formatTimeLabelled(f.firstMs, wb.zone)}</Fact>
          <Fact label="Last">{formatTimeLabelled(f.lastMs, wb.zone)}</Fact>
          <Fact label="Events">{f.eventCount}</Fact>
          <Fact label="Status">{statusLabel(f.status)}</Fact>
        </div>
      </header>
      <div className="page-grid">
        <section className="card wide">
          <h4>Why</h4>
          <p data-testid="finding-explanation">
            <SafeText value={f.explanation} /></p>
          {p.d.ruleDescription && (
            <p className="muted"><SafeText value={p.d.ruleDescription} /></p>
          )}
        </section>
        <Matched values={f.matched} />
        <Review finding={f} onReviewed={p.onReviewed} />
      </div>
      <h3 className="section-title">Events of this finding</h3>
      <div className="embedded-timeline">
        <TimelineView baseFilter={{ findingId: f.id }} />
      </div>
    </div>
  );
}

function UserLink({ user }: { user: string | null }) {
  if (!user) return <span className="muted">—</span>;
  return (
    <a href={`#/user/${encodeURIComponent(user)}`} onClick={(e) => {
      e.preventDefault();
      navigate({ view: 'user', user });
    }}><SafeText value={user} /></a>
  );
}

function Matched({ values }: { values: Record<string, unknown> }) {
  const entries = Object.entries(values);
  return (
    <section className="card wide">
      <h4>Matched values</h4>
      <table className="kv" data-testid="finding-matched">
        <tbody>
          {entries.map(([k, v]) => (
            <tr key={k}><th>{k}</th>
              <td><SafeText value={shown(v)} /></td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function shown(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => shown(x)).join(', ');
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function Review(p: { finding: FindingInfo; onReviewed(): void }) {
  const f = p.finding;
  const [status, setStatus] = useState(f.status);
  const [note, setNote] = useState(f.reviewNote ?? '');
  const [message, setMessage] = useState<string | null>(null);
  const save = async () => {
    const e = await call('reviewFinding', { id: f.id, status, note });
    if (!e.ok) return setMessage(e.error.message);
    setMessage('saved; recorded in the custody log');
    p.onReviewed();
  };
  return (
    <section className="card wide" data-testid="finding-review">
      <h4>Review</h4>
      <div className="review-form">
        <select value={status} aria-label="review status"
          onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="open">open</option>
          <option value="reviewed">reviewed</option>
          <option value="false-positive">false positive</option>
        </select>
        <textarea value={note} rows={2} maxLength={10000}
          aria-label="review note" placeholder="why (kept in the custody log)"
          onChange={(e) => setNote(e.target.value)} />
        <button type="button" onClick={() => void save()}>Save review</button>
      </div>
      {message && <p className="muted" role="status">{message}</p>}
    </section>
  );
}
