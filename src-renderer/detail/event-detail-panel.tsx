/**
 * The event detail: what the event says (normalized fields and what the
 * catalog knows), the examiner's annotations, the original record read
 * from the evidence, and exactly where that record sits.
 */
import type { EventDetail } from '../../src-shared/contract.js';
import { SafeText } from '../safe-text.js';
import { useCall } from '../use-call.js';
import { useWorkbench } from '../workbench-context.js';
import { formatTimeLabelled } from '../time-format.js';
import { AnnotationControls } from './annotation-controls.js';
import { OriginalRecordView } from './original-record-view.js';
import { ProvenanceView } from './provenance-view.js';

/** The panel for one event; Esc or the close button closes it. */
export function EventDetailPanel(p: { eventId: number; onClose(): void }) {
  const wb = useWorkbench();
  const detail = useCall('eventDetail', { id: p.eventId });
  return (
    <aside className="detail" aria-label="event detail" data-testid="detail">
      <header className="detail-head">
        <h2>Event {p.eventId}</h2>
        <button type="button" className="icon" onClick={p.onClose}
          aria-label="close detail (Esc)" title="close (Esc)">×</button>
      </header>
      {detail.error && <p className="error">{detail.error.message}</p>}
      {detail.value && (
        <DetailBody d={detail.value} zone={wb.zone}
          onAnnotated={() => { detail.reload(); wb.annotationsChanged(); }} />
      )}
    </aside>
  );
}

function DetailBody(p: { d: EventDetail; zone: string; onAnnotated(): void }) {
  const { d } = p;
  return (
    <div className="detail-body">
      <section>
        <h3 data-testid="detail-operation"><SafeText value={d.event.operation} /></h3>
        <Meaning d={d} />
      </section>
      <section>
        <h4>Annotations</h4>
        <AnnotationControls annotations={d.annotations} zone={p.zone}
          onChanged={p.onAnnotated} />
      </section>
      <section>
        <h4>Normalized fields</h4>
        <FieldTable d={d} zone={p.zone} />
      </section>
      <section>
        <h4>Original record</h4>
        <OriginalRecordView original={d.original} />
      </section>
      <section>
        <h4>Provenance</h4>
        <ProvenanceView provenance={d.provenance} occurrences={d.occurrences} />
      </section>
    </div>
  );
}

function Meaning({ d }: { d: EventDetail }) {
  const m = d.operationMeaning;
  const rc = d.resultCodeMeaning;
  return (
    <div className="meaning" data-testid="detail-meaning">
      {m ? (
        <p><SafeText value={m.meaning} />
          {m.why && <span className="why"> Why it matters: {m.why}</span>}</p>
      ) : (
        <p className="muted">This operation is not in the catalog.</p>
      )}
      {rc && (
        <p data-testid="result-code-meaning">
          Result code {d.event.resultCode}: <SafeText value={rc.meaning} />
        </p>
      )}
    </div>
  );
}

type Row = [string, unknown];

function fieldRows(d: EventDetail, zone: string): Row[] {
  const e = d.event;
  return [
    ['Time', formatTimeLabelled(e.timeMs, zone)],
    ['Time (UTC)', e.timeUtc],
    ['Time as written', e.timeText],
    ['Source', e.source],
    ['Workload / app', e.workload],
    ['Category', e.category],
    ['Result', e.result],
    ['Result code', e.resultCode],
    ['User', e.actor],
    ['User as written', e.actorOriginal],
    ['User id', e.actorId],
    ['Target', e.target],
    ['IP', e.ip],
    ['IP as written', e.ipOriginal],
    ['Port', e.port],
    ['Country', e.geo.country],
    ['Region', e.geo.region],
    ['City', e.geo.city],
    ['Lat / lon', e.geo.lat === null ? null : `${e.geo.lat}, ${e.geo.lon}`],
    ['ASN', e.geo.asn],
    ['AS org', e.geo.asOrg],
    ['User agent', e.userAgent],
    ['Client', e.clientApp],
    ['Session id', e.sessionId],
    ['Correlation id', e.correlationId],
    ['Record id', e.recordId],
    ['Tenant id', e.tenantId],
    ['Duplicate id conflict', e.conflict ? 'yes: another record has this id' : null],
    ['Details', e.details ? JSON.stringify(e.details, null, 1) : null],
  ];
}

function FieldTable({ d, zone }: { d: EventDetail; zone: string }) {
  const rows = fieldRows(d, zone).filter(([, v]) => v !== null && v !== '');
  return (
    <table className="kv" data-testid="detail-fields">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td><SafeText value={v} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
