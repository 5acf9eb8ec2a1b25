/**
 * The timeline: toolbar, histogram, grid and status line. Used on its
 * own and, with a fixed filter, on the user and IP pages.
 */
import { useMemo, useState } from 'react';
import type { EventFilter } from '../../src-shared/contract.js';
import { useCall } from '../use-call.js';
import { useWorkbench } from '../workbench-context.js';
import { describeBucket, HistogramChart } from './histogram-chart.js';
import { TimelineGrid } from './timeline-grid.js';
import { TimelineToolbar, type ToolbarFilter } from './timeline-toolbar.js';

/** A fixed filter the view always applies, e.g. one user. */
export interface TimelineViewProps {
  baseFilter?: EventFilter;
}

/** The timeline view. */
export function TimelineView(p: TimelineViewProps) {
  const wb = useWorkbench();
  const [toolbar, setToolbar] = useState<ToolbarFilter>({});
  const [columns, setColumns] = useState<EventFilter>({});
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<'fts' | 'like'>('fts');
  const base = p.baseFilter ?? {};
  const filter = useMemo(() => ({ ...toolbar, ...base }), [toolbar, base]);
  const all = useMemo(() => ({ ...columns, ...filter }), [columns, filter]);
  const count = useCall('countEvents', { filter: all });
  const histogram = useCall('histogram', { filter: all, buckets: 240 });
  const tags = useCall('listTags', {});

  const zoom = (fromMs: number, toMs: number) =>
    setToolbar((t) => ({ ...t, fromMs, toMs }));

  return (
    <div className="timeline">
      <TimelineToolbar
        value={toolbar}
        sources={wb.caseInfo.sources}
        tags={tags.value ?? []}
        zone={wb.zone}
        onChange={setToolbar}
      />
      <div className="histogram-frame">
        <div className="histogram-label">
          Events per{' '}
          {histogram.value ? describeBucket(histogram.value.bucketMs) : '…'}{' '}
          ({wb.zone})
        </div>
        {histogram.value && histogram.value.counts.length > 0 ? (
          <HistogramChart
            histogram={histogram.value}
            zone={wb.zone}
            onZoom={zoom}
          />
        ) : (
          <div className="histogram empty muted">no events</div>
        )}
      </div>
      <TimelineGrid
        filter={filter}
        zone={wb.zone}
        refreshKey={wb.annotationGeneration}
        onOpen={wb.openDetail}
        onFocusRow={wb.focusEvent}
        onColumnFilter={setColumns}
        onError={setError}
        onSearchMode={setMode}
      />
      <StatusLine
        count={count.value?.count ?? null}
        error={error ?? count.error?.message ?? null}
        mode={filter.search ? mode : null}
      />
    </div>
  );
}

function StatusLine(p: {
  count: number | null;
  error: string | null;
  mode: 'fts' | 'like' | null;
}) {
  return (
    <div className="status-line" data-testid="timeline-status">
      <span data-testid="event-count">
        {p.count === null ? '…' : `${p.count.toLocaleString('en-US')} events`}
      </span>
      {p.mode && (
        <span className="muted">
          {p.mode === 'fts'
            ? 'search: full-text index'
            : 'search: text scan (index still building)'}
        </span>
      )}
      {p.error && <span className="error" role="alert">{p.error}</span>}
    </div>
  );
}
