/**
 * The case itself: metadata, every evidence item with its SHA-256 and
 * counts, the GeoIP databases used, and the state of the search index.
 */
import type { CaseOverview } from '../../src-shared/contract.js';
import type { EvidenceItem } from '../../src-shared/domain.js';
import { SafeText } from '../safe-text.js';
import { useWorkbench } from '../workbench-context.js';
import { PolicyPanel } from './policy-panel.js';
import { VerifyPanel } from './verify-panel.js';

/** The case view. */
export function CaseView() {
  const c = useWorkbench().caseInfo;
  return (
    <div className="page">
      <header className="page-head">
        <h2><SafeText value={c.info.title} /></h2>
        <table className="kv narrow">
          <tbody>
            <tr>
              <th>Case number</th>
              <td><SafeText value={c.info.caseNumber} /></td>
            </tr>
            <tr>
              <th>Examiner</th>
              <td><SafeText value={c.info.examiner} /></td>
            </tr>
            <tr><th>Created</th><td className="mono">{c.info.createdAt}</td></tr>
            <tr><th>Case file</th><td className="mono"><SafeText value={c.path} /></td></tr>
            <tr><th>Display time zone</th><td>{c.info.displayTimeZone}</td></tr>
            <tr><th>Events</th><td>{c.eventCount.toLocaleString('en-US')}</td></tr>
            <tr>
              <th>Catalog</th>
              <td>operation catalog {c.catalogVersion}</td>
            </tr>
            <tr><th>Search index</th><td>{searchText(c)}</td></tr>
          </tbody>
        </table>
      </header>
      <Incomplete items={c.evidence} />
      <section className="card wide">
        <h4>Evidence items ({c.evidence.length})</h4>
        <EvidenceTable items={c.evidence} />
      </section>
      <section className="card wide">
        <h4>Tenant policy</h4>
        <PolicyPanel />
      </section>
      <section className="card wide">
        <h4>Verify an evidence bundle</h4>
        <VerifyPanel />
      </section>
      <section className="card wide">
        <h4>GeoIP databases</h4>
        <ul>
          {c.geoDatabases.map((g) => (
            <li key={g.id}><SafeText value={g.cityName} /> (built {g.cityBuildDate});{' '}
              <SafeText value={g.asnName} /> (built {g.asnBuildDate})</li>
          ))}
        </ul>
        <p className="credit">{c.geoCredit}</p>
      </section>
    </div>
  );
}

function searchText(c: CaseOverview): string {
  const s = c.searchIndex;
  return s.ready
    ? 'complete: search uses the full-text index'
    : `${s.pending.toLocaleString('en-US')} events not yet indexed; ` +
        'search scans text until the index is built';
}

function EvidenceTable({ items }: { items: EvidenceItem[] }) {
  return (
    <table className="list" data-testid="evidence-table">
      <thead>
        <tr><th>#</th><th>File</th><th>Format</th><th>SHA-256</th><th>Bytes</th>
          <th>Read</th><th>Imported</th><th>Duplicates</th><th>Rejected</th>
          <th>Status</th></tr>
      </thead>
      <tbody>
        {items.map((e) => (
          <tr key={e.id}>
            <td className="num">{e.id}</td>
            <td><SafeText value={e.originalName} /></td>
            <td>{e.format} ({e.encoding})</td>
            <td className="mono small">{e.sha256}</td>
            <td className="num">{e.size.toLocaleString('en-US')}</td>
            <td className="num">{e.counts.read}</td>
            <td className="num">{e.counts.imported}</td>
            <td className="num">{e.counts.duplicates}</td>
            <td className="num">{e.counts.rejected}</td>
            <td>{e.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Evidence items an interrupted import left, said above the table. */
function Incomplete({ items }: { items: EvidenceItem[] }) {
  const left = items.filter((e) => e.status !== 'complete');
  if (left.length === 0) return null;
  return (
    <p className="error pad" role="alert" data-testid="incomplete-evidence">
      {left.map((e) => (
        <span key={e.id}>Evidence item {e.id} (<SafeText
          value={e.originalName} />) is {e.status}: its import was
          interrupted, so its events are partial; import the file again to
          finish it. </span>
      ))}
    </p>
  );
}
