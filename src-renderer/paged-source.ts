/**
 * An AG Grid infinite-row datasource over a paged call of the contract:
 * the grid asks for rows startRow..endRow, the call answers a page and
 * the total, and the grid learns where the list ends.
 */
import type { IDatasource, IGetRowsParams } from 'ag-grid-community';
import type { Envelope, Page } from '../src-shared/contract.js';

/** The grid's sort, as the paged calls take it. */
export interface GridSort {
  column: string;
  descending: boolean;
}

/** Fetches one page of rows. */
export type PageLoader<T> = (
  startRow: number,
  endRow: number,
  sort: GridSort | undefined,
) => Promise<Envelope<Page<T>>>;

/** A datasource that reports the total and any failure as it loads. */
export function pagedSource<T>(
  load: PageLoader<T>,
  setTotal: (n: number) => void,
  setError: (m: string | null) => void,
): IDatasource {
  return {
    getRows: (params: IGetRowsParams) => {
      void loadPage(params, load, setTotal, setError);
    },
  };
}

async function loadPage<T>(
  params: IGetRowsParams,
  load: PageLoader<T>,
  setTotal: (n: number) => void,
  setError: (m: string | null) => void,
): Promise<void> {
  const s = params.sortModel[0];
  const sort = s ? { column: s.colId, descending: s.sort === 'desc' }
    : undefined;
  const e = await load(params.startRow, params.endRow, sort);
  if (!e.ok) {
    setError(e.error.message);
    params.failCallback();
    return;
  }
  setError(null);
  setTotal(e.value.total);
  const last = params.startRow + e.value.rows.length;
  const shortPage = e.value.rows.length < params.endRow - params.startRow;
  params.successCallback(e.value.rows, shortPage ? last : e.value.total);
}
