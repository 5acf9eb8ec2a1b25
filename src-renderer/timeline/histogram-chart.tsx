/**
 * Events over time as bars (uPlot). Dragging across the chart selects a
 * time range, which becomes the timeline's time filter.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { Histogram } from '../../src-shared/contract.js';
import { formatTime, type DisplayZone } from '../time-format.js';

/** What the chart shows and whom it tells about a selected range. */
export interface HistogramChartProps {
  histogram: Histogram;
  zone: DisplayZone;
  onZoom(fromMs: number, toMs: number): void;
}

const HEIGHT = 96;

/** The histogram chart. */
export function HistogramChart(p: HistogramChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const onZoom = useRef(p.onZoom);
  onZoom.current = p.onZoom;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const plot = new uPlot(
      chartOptions(el.clientWidth, p.zone, p.histogram, (a, b) =>
        onZoom.current(a, b),
      ),
      chartData(p.histogram),
      el,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: el.clientWidth, height: HEIGHT }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [p.histogram, p.zone]);

  const h = p.histogram;
  return (
    <div ref={host} className="histogram" data-testid="histogram"
      data-from-ms={h.fromMs} data-bucket-ms={h.bucketMs}
      data-buckets={h.counts.length} data-total={h.total} />
  );
}

function chartData(h: Histogram): uPlot.AlignedData {
  const xs = h.counts.map((_, i) => (h.fromMs + i * h.bucketMs) / 1000);
  return [xs, h.counts];
}

function chartOptions(
  width: number,
  zone: DisplayZone,
  h: Histogram,
  zoom: (fromMs: number, toMs: number) => void,
): uPlot.Options {
  const axis = {
    stroke: '#8b95a3',
    grid: { stroke: '#262c34', width: 1 },
    ticks: { stroke: '#262c34', width: 1 },
    font: '11px system-ui, sans-serif',
  };
  return {
    width: Math.max(200, width),
    height: HEIGHT,
    legend: { show: false },
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), zoneName(zone)),
    scales: {
      x: { time: true, range: xRange(h) },
      y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
    },
    // A label ("10-18 22:00") is about 70 px wide: ticks at least
    // 90 px apart, so none overlaps at any width (uPlot's default 50
    // ran day labels together on wide screens).
    axes: [{ ...axis, space: 90,
      values: (_u, ticks) => tickLabels(ticks, zone) },
      // The chart is short: name the scale by its two ends.
      { ...axis, size: 44, splits: (u) => [0, u.scales.y.max ?? 1],
        values: (_u, splits) => splits.map((v) => String(Math.round(v))) }],
    cursor: {
      drag: { x: true, y: false, setScale: false },
      points: { show: false },
    },
    series: [
      {},
      {
        label: 'events',
        fill: 'rgba(74, 163, 255, 0.55)',
        stroke: '#4aa3ff',
        width: 0,
        paths: uPlot.paths.bars?.({ size: [0.92, 60], align: 1 }),
        points: { show: false },
      },
    ],
    hooks: { setSelect: [(u) => selected(u, zoom)] },
  };
}

/**
 * Labels of the time axis in 24-hour time of the display zone, with
 * seconds when ticks are less than a minute apart and milliseconds when
 * less than a second; a tick that starts a new day also names the day,
 * and ticks a day or more apart at midnight name only the day.
 */
export function tickLabels(ticks: number[], zone: DisplayZone): string[] {
  let lastDay = '';
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : 60;
  const end = step < 1 ? 23 : step < 60 ? 19 : 16;
  return ticks.map((t) => {
    const text = formatTime(t * 1000, zone);
    const day = text.slice(0, 10);
    const clock = text.slice(11, end);
    const dayOnly = step >= DAY_S && clock === '00:00';
    const label = dayOnly ? day.slice(5)
      : day === lastDay ? clock : `${day.slice(5)} ${clock}`;
    lastDay = day;
    return label;
  });
}

const DAY_S = 86_400;

function xRange(h: Histogram): uPlot.Range.MinMax {
  const end = h.fromMs + Math.max(1, h.counts.length) * h.bucketMs;
  return [h.fromMs / 1000, end / 1000];
}

function zoneName(zone: DisplayZone): string {
  return zone === 'UTC' ? 'Etc/UTC' : zone;
}

function selected(u: uPlot, zoom: (a: number, b: number) => void): void {
  const { left, width } = u.select;
  if (width > 2) {
    const from = u.posToVal(left, 'x') * 1000;
    const to = u.posToVal(left + width, 'x') * 1000;
    zoom(Math.floor(from), Math.ceil(to));
  }
  u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
}

/** A bucket size in words: "15 min", "1 h", "1 day". */
export function describeBucket(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, name] of units) {
    if (ms % size === 0) {
      const n = ms / size;
      return name === 'day' && n !== 1 ? `${n} days` : `${n} ${name}`;
    }
  }
  return `${ms} ms`;
}
