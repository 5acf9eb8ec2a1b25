/**
 * Every finding of the case in one grid: severity, rule, user, time and
 * count, filtered by severity and review status. A row opens the
 * finding's page, which shows its events in the timeline.
 */
import { useMemo, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef } from 'ag-grid-community';
import type {
  FindingInfo,
  FindingSortColumn,
  RequestOf,
} from '../../src-shared/contract.js';
import { pagedSource } from '../paged-source.js';
import { navigate } from '../router.js';
import { formatTime } from '../time-format.js';
import { call } from '../transport.js';
import { cellText } from '../visible-text.js';
import { useWorkbench } from '../workbench-context.js';
import { SEVERITY_CHOICES, statusLabel } from './severity.js';

type Query = Pick<RequestOf<'listFindings'>, 'severity' | 'status'>;

const STATUS_CHOICES = ['all', 'open', 'reviewed', 'false-positive'] as const;

/** The findings view. */
export function FindingsView() {
  const wb = useWorkbench();
  const [severity, setSeverity] = useState(0);
  const [status, setStatus] = useState<(typeof STATUS_CHOICES)[number]>(
    'all');
  const [error, setError] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const query = useMemo<Query>(() => ({
    severity: SEVERITY_CHOICES[severity].value as Query['severity'],
    status: status === 'all' ? undefined : [status],
  }), [severity, status]);
  const datasource = useMemo(() => pagedSource<FindingInfo>(
    (startRow, endRow, sort) => call('listFindings', {
      ...query, startRow, endRow,
      sort: sort && { ...sort, column: sort.column as FindingSortColumn },
    }), setTotal, setError), [query]);
  const columns = useMemo(() => findingColumns(wb.zone), [wb.zone]);
  const open = (f: FindingInfo | undefined) =>
    f && navigate({ view: 'finding', id: f.id });
  return (
    <div className="users">
      <div className="toolbar">
        <label>Severity{' '}
          <select value={severity} data-testid="findings-severity"
            onChange={(e) => setSeverity(Number(e.target.value))}>
            {SEVERITY_CHOICES.map((c, i) => (
              <option key={c.label} value={i}>{c.label}</option>))}
          </select>
        </label>
        <label>Status{' '}
          <select value={status} data-testid="findings-status"
            onChange={(e) => setStatus(e.target.value as typeof status)}>
            {STATUS_CHOICES.map((s) => (
              <option key={s} value={s}>
                {s === 'all' ? 'all' : statusLabel(s)}</option>))}
          </select>
        </label>
        <span className="muted" data-testid="findings-total">
          {total === null ? '' : `${total.toLocaleString('en-US')} findings`}
        </span>
        {error && <span className="error" role="alert">{error}</span>}
      </div>
      <div className="ag-theme-balham-dark grid-host"
        data-testid="findings-grid">
        <AgGridReact<FindingInfo>
          theme="legacy"
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={200}
          columnDefs={columns}
          defaultColDef={{ sortable: true, resizable: true }}
          getRowId={(r) => String(r.data.id)}
          rowHeight={24}
          headerHeight={28}
          enableBrowserTooltips
          onRowClicked={(e) => open(e.data)}
          onCellKeyDown={(e) => {
            const key = (e.event as KeyboardEvent | undefined)?.key;
            if (key === 'Enter') open(e.data);
          }}
        />
      </div>
    </div>
  );
}

function findingColumns(zone: string): ColDef<FindingInfo>[] {
  const time = (p: { value: unknown }) => formatTime(p.value as number, zone);
  const text = (p: { value: unknown }) => cellText(p.value);
  return [
    { colId: 'severity', headerName: 'Severity', field: 'severity',
      width: 90, sort: 'desc',
      cellClass: (p) => `sev-cell sev-${String(p.value)}` },
    { colId: 'rule', headerName: 'Rule', field: 'ruleId', width: 230,
      valueFormatter: text, tooltipValueGetter: (p) => p.data?.title },
    { colId: 'actor', headerName: 'User', field: 'actor', width: 250,
      valueFormatter: text, tooltipValueGetter: (p) => cellText(p.value) },
    { colId: 'time', headerName: `First (${zone})`, field: 'firstMs',
      width: 215, valueFormatter: time, cellClass: 'cell-mono' },
    { colId: 'last', headerName: `Last (${zone})`, field: 'lastMs',
      width: 215, valueFormatter: time, cellClass: 'cell-mono',
      sortable: false },
    { colId: 'count', headerName: 'Events', field: 'eventCount', width: 80,
      type: 'numericColumn' },
    { colId: 'status', headerName: 'Status', field: 'status', width: 110,
      valueFormatter: (p) => statusLabel(p.value as FindingInfo['status']) },
    { colId: 'technique', headerName: 'ATT&CK', field: 'technique',
      width: 95, sortable: false },
    { colId: 'explanation', headerName: 'Explanation', field: 'explanation',
      width: 600, sortable: false, valueFormatter: text,
      tooltipValueGetter: (p) => cellText(p.value) },
  ];
}
