/**
 * The timeline's columns. Every cell is formatted to plain text; no cell
 * renders markup, whatever the log holds.
 */
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import type { TimelineRow } from '../../src-shared/contract.js';
import { formatTime, zoneLabel, type DisplayZone } from '../time-format.js';
import { cellText } from '../visible-text.js';

const text = (p: ValueFormatterParams<TimelineRow>) => cellText(p.value);

const equalsFilter = {
  filter: 'agTextColumnFilter',
  filterParams: {
    filterOptions: ['equals'],
    maxNumConditions: 1,
    buttons: ['apply', 'reset'],
    closeOnApply: true,
  },
};

function column(
  colId: string,
  headerName: string,
  width: number,
  extra: ColDef<TimelineRow> = {},
): ColDef<TimelineRow> {
  return {
    colId,
    headerName,
    width,
    field: colId as keyof TimelineRow,
    valueFormatter: text,
    tooltipValueGetter: (p) => cellText(p.value),
    ...extra,
  };
}

/** The columns of the timeline, with times in the given zone. */
export function timelineColumns(zone: DisplayZone): ColDef<TimelineRow>[] {
  return [
    {
      colId: 'mark',
      headerName: '★',
      width: 34,
      sortable: false,
      resizable: false,
      field: 'bookmarked',
      valueFormatter: (p) => (p.value ? '★' : ''),
      headerTooltip: 'bookmarked',
      cellClass: 'cell-mark',
    },
    {
      colId: 'time',
      headerName: zoneLabel(zone),
      width: 200,
      field: 'timeMs',
      valueFormatter: (p) => formatTime(p.value as number | null, zone),
      sort: 'asc',
      cellClass: 'cell-mono',
    },
    column('source', 'Source', 110),
    column('operation', 'Operation', 190, {
      ...equalsFilter,
      tooltipValueGetter: (p) =>
        p.data ? cellText(p.data.meaning ?? 'not in the operation catalog') : '',
    }),
    column('category', 'Category', 90),
    column('result', 'Result', 78, { cellClassRules: resultClasses }),
    column('user', 'User', 200, equalsFilter),
    column('ip', 'IP', 130, { ...equalsFilter, cellClass: 'cell-mono' }),
    column('country', 'Country', 96, equalsFilter),
    column('city', 'City', 120, equalsFilter),
    column('asn', 'ASN', 76, {
      filter: 'agNumberColumnFilter',
      filterParams: { ...equalsFilter.filterParams },
    }),
    column('asOrg', 'AS org', 160, { sortable: false }),
    column('app', 'Client', 130, equalsFilter),
    column('workload', 'App / workload', 150, {
      ...equalsFilter,
      sortable: false,
    }),
    column('target', 'Target', 320, equalsFilter),
  ];
}

const resultClasses = {
  'cell-failure': (p: { value: unknown }) => p.value === 'failure',
  'cell-success': (p: { value: unknown }) => p.value === 'success',
};
