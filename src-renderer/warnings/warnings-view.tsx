/**
 * The import warnings of the case, page by page: what could not be read
 * or was read with a caveat, with its file, line and byte offset.
 */
import { useMemo } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, IDatasource, IGetRowsParams } from 'ag-grid-community';
import type { WarningRow } from '../../src-shared/contract.js';
import { call } from '../transport.js';
import { cellText } from '../visible-text.js';

const text = (p: { value?: unknown }) => cellText(p.value);

const COLUMNS: ColDef<WarningRow>[] = [
  { headerName: 'Evidence file', field: 'fileName', width: 260,
    valueFormatter: text, tooltipValueGetter: text },
  { headerName: 'Line', field: 'line', width: 80, type: 'numericColumn' },
  { headerName: 'Byte offset', field: 'byteOffset', width: 100,
    type: 'numericColumn' },
  { headerName: 'Severity', field: 'severity', width: 90,
    cellClassRules: { 'cell-failure': (p) => p.value === 'error' } },
  { headerName: 'Code', field: 'code', width: 220, valueFormatter: text },
  { headerName: 'Message', field: 'message', flex: 1, minWidth: 300,
    valueFormatter: text, tooltipValueGetter: text },
];

/** The warnings view. */
export function WarningsView() {
  const datasource = useMemo<IDatasource>(() => ({
    getRows: (params: IGetRowsParams) => void loadWarnings(params),
  }), []);
  return (
    <div className="users">
      <p className="intro">
        Records the importer could not read, or read with a caveat. Every
        record is accounted for: read = imported + duplicates + rejected.
      </p>
      <div className="ag-theme-balham-dark grid-host" data-testid="warnings-grid">
        <AgGridReact<WarningRow>
          theme="legacy"
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={200}
          columnDefs={COLUMNS}
          defaultColDef={{ sortable: false, resizable: true }}
          getRowId={(r) => String(r.data.id)}
          rowHeight={24}
          headerHeight={28}
          enableBrowserTooltips
        />
      </div>
    </div>
  );
}

async function loadWarnings(params: IGetRowsParams): Promise<void> {
  const e = await call('listWarnings', {
    startRow: params.startRow,
    endRow: params.endRow,
  });
  if (!e.ok) {
    params.failCallback();
    return;
  }
  params.successCallback(e.value.rows, e.value.total);
}
