/**
 * The filters above the timeline: search, category, result, source,
 * bookmarks, tag, part of a finding, and the time range chosen on the
 * histogram.
 */
import { useEffect, useState } from 'react';
import { CATEGORIES } from '../../src-shared/domain.js';
import type { Counted, EventFilter } from '../../src-shared/contract.js';
import { formatTime, type DisplayZone } from '../time-format.js';
import { cellText } from '../visible-text.js';

/** The toolbar's part of the filter. */
export type ToolbarFilter = Pick<
  EventFilter,
  | 'search'
  | 'category'
  | 'result'
  | 'source'
  | 'bookmarked'
  | 'inFinding'
  | 'tag'
  | 'fromMs'
  | 'toMs'
>;

/** What the toolbar shows and changes. */
export interface TimelineToolbarProps {
  value: ToolbarFilter;
  sources: string[];
  tags: Counted[];
  zone: DisplayZone;
  onChange(f: ToolbarFilter): void;
}

/** The toolbar. */
export function TimelineToolbar(p: TimelineToolbarProps) {
  const set = (patch: Partial<ToolbarFilter>) =>
    p.onChange(clean({ ...p.value, ...patch }));
  return (
    <div className="toolbar" role="toolbar" aria-label="timeline filters">
      <SearchBox value={p.value.search ?? ''} onSearch={(s) => set({ search: s })} />
      <Select
        label="Category"
        value={p.value.category}
        options={CATEGORIES}
        onChange={(v) => set({ category: v as EventFilter['category'] })}
      />
      <Select
        label="Result"
        value={p.value.result}
        options={['success', 'failure', 'unknown']}
        onChange={(v) => set({ result: v as EventFilter['result'] })}
      />
      <Select
        label="Source"
        value={p.value.source}
        options={p.sources}
        onChange={(v) => set({ source: v })}
      />
      <Select
        label="Tag"
        value={p.value.tag}
        options={p.tags.map((t) => t.value)}
        onChange={(v) => set({ tag: v })}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={p.value.bookmarked === true}
          onChange={(e) => set({ bookmarked: e.target.checked || undefined })}
        />
        Bookmarked
      </label>
      <label className="check">
        <input
          type="checkbox"
          data-testid="in-finding"
          checked={p.value.inFinding === true}
          onChange={(e) => set({ inFinding: e.target.checked || undefined })}
        />
        In a finding
      </label>
      <TimeRange value={p.value} zone={p.zone} onClear={() =>
        set({ fromMs: undefined, toMs: undefined })} />
    </div>
  );
}

function clean(f: ToolbarFilter): ToolbarFilter {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out as ToolbarFilter;
}

function SearchBox(p: { value: string; onSearch(s: string): void }) {
  const [text, setText] = useState(p.value);
  useEffect(() => setText(p.value), [p.value]);
  return (
    <input
      type="search"
      className="search"
      data-role="search"
      placeholder="Search  ( / )"
      title={'Whole words: 10.0.0.1 never finds 10.0.0.10. End a word ' +
        'with * to find words beginning with it; quote a phrase.'}
      aria-label="search events"
      value={text}
      maxLength={500}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') p.onSearch(text.trim());
        if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
      }}
      onBlur={() => p.onSearch(text.trim())}
    />
  );
}

function Select(p: {
  label: string;
  value: string | undefined;
  options: readonly string[];
  onChange(v: string | undefined): void;
}) {
  return (
    <label className="select">
      <span>{p.label}</span>
      <select
        aria-label={p.label}
        value={p.value ?? ''}
        onChange={(e) => p.onChange(e.target.value || undefined)}
      >
        <option value="">all</option>
        {p.options.map((o) => (
          <option key={o} value={o}>
            {cellText(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

function TimeRange(p: {
  value: ToolbarFilter;
  zone: DisplayZone;
  onClear(): void;
}) {
  if (p.value.fromMs === undefined && p.value.toMs === undefined) {
    return <span className="muted range">drag on the histogram to zoom</span>;
  }
  return (
    <span className="range" data-testid="time-range"
      data-from-ms={p.value.fromMs} data-to-ms={p.value.toMs}>
      {formatTime(p.value.fromMs ?? null, p.zone)} →{' '}
      {formatTime(p.value.toMs ?? null, p.zone)} ({p.zone})
      <button type="button" className="link" onClick={p.onClear}>
        reset zoom
      </button>
    </span>
  );
}
