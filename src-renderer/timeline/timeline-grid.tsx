/**
 * The timeline grid: AG Grid's infinite row model fed page by page by
 * `queryEvents`, so no more rows than are on screen are ever loaded.
 */
import { useCallback, useMemo, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type {
  CellFocusedEvent,
  CellKeyDownEvent,
  FilterChangedEvent,
  GridApi,
  IDatasource,
  IGetRowsParams,
  RowClickedEvent,
} from 'ag-grid-community';
import type {
  EventFilter,
  TimelineRow,
} from '../../src-shared/contract.js';
import { call } from '../transport.js';
import type { DisplayZone } from '../time-format.js';
import { timelineColumns } from './columns.js';
import { fromFilterModel, fromSortModel } from './filter-model.js';

/** What the grid needs from the view around it. */
export interface TimelineGridProps {
  filter: EventFilter;
  zone: DisplayZone;
  refreshKey: number;
  onOpen(eventId: number): void;
  onFocusRow(eventId: number): void;
  onColumnFilter(f: EventFilter): void;
  onError(message: string | null): void;
  onSearchMode(mode: 'fts' | 'like'): void;
}

const BLOCK = 100;

/** The timeline grid. */
export function TimelineGrid(p: TimelineGridProps) {
  const api = useRef<GridApi<TimelineRow> | null>(null);
  const props = useRef(p);
  props.current = p;
  const filterKey = JSON.stringify(p.filter);

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (params: IGetRowsParams) => {
        void loadBlock(params, JSON.parse(filterKey) as EventFilter, props);
      },
    }),
    [filterKey, p.refreshKey],
  );
  const columns = useMemo(() => timelineColumns(p.zone), [p.zone]);

  const onKey = useCallback((e: CellKeyDownEvent<TimelineRow>) => {
    const key = (e.event as KeyboardEvent | undefined)?.key;
    if (key === 'Enter' && e.data) props.current.onOpen(e.data.id);
  }, []);
  const onClick = useCallback((e: RowClickedEvent<TimelineRow>) => {
    if (e.data) props.current.onOpen(e.data.id);
  }, []);
  const onFocus = useCallback((e: CellFocusedEvent<TimelineRow>) => {
    if (e.rowIndex === null || e.rowIndex === undefined) return;
    const row = api.current?.getDisplayedRowAtIndex(e.rowIndex);
    if (row?.data) props.current.onFocusRow(row.data.id);
  }, []);
  const onFilter = useCallback((e: FilterChangedEvent<TimelineRow>) => {
    props.current.onColumnFilter(fromFilterModel(e.api.getFilterModel()));
  }, []);

  return (
    <div className="ag-theme-balham-dark grid-host" data-testid="timeline-grid">
      <AgGridReact<TimelineRow>
        theme="legacy"
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={BLOCK}
        maxBlocksInCache={50}
        columnDefs={columns}
        defaultColDef={{ sortable: true, resizable: true }}
        getRowId={(r) => String(r.data.id)}
        rowHeight={24}
        headerHeight={28}
        enableBrowserTooltips
        suppressCellFocus={false}
        rowSelection={{ mode: 'singleRow', checkboxes: false }}
        onGridReady={(e) => (api.current = e.api)}
        onCellKeyDown={onKey}
        onRowClicked={onClick}
        onCellFocused={onFocus}
        onFilterChanged={onFilter}
      />
    </div>
  );
}

async function loadBlock(
  params: IGetRowsParams,
  filter: EventFilter,
  props: { current: TimelineGridProps },
): Promise<void> {
  const merged = { ...fromFilterModel(params.filterModel), ...filter };
  const e = await call('queryEvents', {
    filter: merged,
    sort: fromSortModel(params.sortModel),
    startRow: params.startRow,
    endRow: params.endRow,
  });
  if (!e.ok) {
    props.current.onError(e.error.message);
    params.failCallback();
    return;
  }
  props.current.onError(null);
  props.current.onSearchMode(e.value.searchMode);
  params.successCallback(e.value.rows, e.value.lastRow ?? undefined);
}
