/**
 * Every actor of the case in one grid: events, first and last seen,
 * countries, distinct IPs and failed sign-ins. A row opens the user page.
 */
import { useMemo, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef } from 'ag-grid-community';
import type {
  UserSortColumn,
  UserSummary,
} from '../../src-shared/contract.js';
import { pagedSource } from '../paged-source.js';
import { navigate } from '../router.js';
import { formatTime } from '../time-format.js';
import { call } from '../transport.js';
import { cellText } from '../visible-text.js';
import { useWorkbench } from '../workbench-context.js';

/** The users view. */
export function UsersView() {
  const wb = useWorkbench();
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const datasource = useMemo(() => pagedSource<UserSummary>(
    (startRow, endRow, sort) => call('listUsers', {
      search: search.trim() || undefined, startRow, endRow,
      sort: sort && { ...sort, column: sort.column as UserSortColumn },
    }), setTotal, setError), [search]);
  const columns = useMemo(() => userColumns(wb.zone), [wb.zone]);
  return (
    <div className="users">
      <div className="toolbar">
        <input type="search" className="search" data-role="search"
          placeholder="Find a user  ( / )" aria-label="find user"
          value={search} maxLength={320}
          onChange={(e) => setSearch(e.target.value)} />
        <span className="muted">
          {total === null ? '' : `${total.toLocaleString('en-US')} users`}
        </span>
        {error && <span className="error" role="alert">{error}</span>}
      </div>
      <div className="ag-theme-balham-dark grid-host" data-testid="users-grid">
        <AgGridReact<UserSummary>
          theme="legacy"
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={200}
          columnDefs={columns}
          defaultColDef={{ sortable: true, resizable: true }}
          getRowId={(r) => r.data.user}
          rowHeight={24}
          headerHeight={28}
          enableBrowserTooltips
          onRowClicked={(e) => e.data && navigate({ view: 'user', user: e.data.user })}
          onCellKeyDown={(e) => {
            const key = (e.event as KeyboardEvent | undefined)?.key;
            if (key === 'Enter' && e.data) {
              navigate({ view: 'user', user: e.data.user });
            }
          }}
        />
      </div>
    </div>
  );
}

function userColumns(zone: string): ColDef<UserSummary>[] {
  const time = (p: { value: unknown }) => formatTime(p.value as number, zone);
  return [
    { colId: 'user', headerName: 'User', field: 'user', width: 280,
      valueFormatter: (p) => cellText(p.value),
      tooltipValueGetter: (p) => cellText(p.value) },
    { colId: 'events', headerName: 'Events', field: 'events', width: 90,
      sort: 'desc', type: 'numericColumn' },
    { colId: 'firstSeen', headerName: `First seen (${zone})`, field: 'firstMs',
      width: 215, valueFormatter: time, cellClass: 'cell-mono' },
    { colId: 'lastSeen', headerName: `Last seen (${zone})`, field: 'lastMs',
      width: 215, valueFormatter: time, cellClass: 'cell-mono' },
    { colId: 'countries', headerName: 'Countries', field: 'countries',
      width: 200, valueFormatter: (p) =>
        cellText((p.value as string[] | undefined)?.join(' ')) },
    { colId: 'ips', headerName: 'Distinct IPs', field: 'ips', width: 115,
      type: 'numericColumn' },
    { colId: 'failedSignIns', headerName: 'Failed sign-ins',
      field: 'failedSignIns', width: 135, type: 'numericColumn',
      cellClassRules: { 'cell-failure': (p) => (p.value as number) > 0 } },
  ];
}
