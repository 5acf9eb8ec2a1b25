/**
 * Where a record came from: the evidence file, its SHA-256, and the
 * byte range and line or row of the record in it; then every other
 * place the same record was found.
 */
import type { Provenance } from '../../src-shared/contract.js';
import { SafeText } from '../safe-text.js';

/** Shows the provenance of an event and of its duplicates. */
export function ProvenanceView(p: {
  provenance: Provenance;
  occurrences: Provenance[];
}) {
  return (
    <div data-testid="provenance">
      <Place p={p.provenance} />
      {p.occurrences.length > 0 && (
        <>
          <h5>Also found at ({p.occurrences.length})</h5>
          {p.occurrences.map((o, i) => <Place key={i} p={o} />)}
        </>
      )}
    </div>
  );
}

function Place({ p }: { p: Provenance }) {
  const position = [
    p.line === null ? null : `line ${p.line}`,
    p.row === null ? null : `row ${p.row}`,
  ].filter(Boolean).join(', ');
  return (
    <table className="kv">
      <tbody>
        <tr><th scope="row">Evidence file</th>
          <td><SafeText value={p.fileName} /> (item {p.evidenceId})</td></tr>
        <tr><th scope="row">SHA-256</th>
          <td className="mono" data-testid="provenance-sha256">{p.sha256}</td></tr>
        <tr><th scope="row">Bytes</th>
          <td className="mono" data-testid="provenance-bytes">
            offset {p.byteOffset}, length {p.byteLength}</td></tr>
        <tr><th scope="row">Position</th>
          <td data-testid="provenance-position">{position || '—'}</td></tr>
        <tr><th scope="row">Format</th>
          <td>{p.format}, {p.encoding}</td></tr>
      </tbody>
    </table>
  );
}
