import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useTheme } from '../lib/theme.ts';

export interface TimeSeries {
  label: string;
  /** A CSS custom property holding the color, e.g. `--chart-1`. */
  colorVar: string;
  kind: 'line' | 'bars';
  values: (number | null)[];
  /** Right-hand axis (a second scale) instead of the left one. */
  right?: boolean;
}

export interface TimeChartProps {
  /** Unix seconds, ascending. */
  x: number[];
  series: TimeSeries[];
  height?: number;
  /** Read by screen readers instead of the canvas. */
  label: string;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/**
 * A uPlot time chart that follows the theme (colors come from CSS variables, so a
 * theme switch redraws it) and its container's width. New data is pushed with
 * setData, without rebuilding the chart. This module is loaded lazily: the dashboard
 * paints its numbers first.
 */
export default function TimeChart({ x, series, height = 220, label }: TimeChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const { theme } = useTheme();
  const shape = series.map((s) => `${s.label}:${s.kind}:${s.right ? 'r' : 'l'}`).join('|');
  const data = [x, ...series.map((s) => s.values)] as uPlot.AlignedData;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const text = cssVar('--color-text-muted');
    const grid = cssVar('--chart-grid');
    const axis = (scale: string, side: 1 | 3 = 3): uPlot.Axis => ({
      scale,
      side,
      stroke: text,
      grid: { stroke: grid, width: 1, show: side === 3 },
      ticks: { stroke: grid, width: 1 },
      font: '11px system-ui, sans-serif',
      size: 44,
    });
    const hasRight = series.some((s) => s.right);
    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] }, ...(hasRight ? { r: { range: (_u: uPlot, _min: number, max: number) => [0, Math.max(1, max * 1.05)] } } : {}) },
      axes: [{ ...axis('x'), side: 2, size: 32 }, axis('y'), ...(hasRight ? [axis('r', 1)] : [])],
      series: [
        {},
        ...series.map((s): uPlot.Series => {
          const color = cssVar(s.colorVar);
          return s.kind === 'bars'
            ? { label: s.label, scale: s.right ? 'r' : 'y', stroke: color, fill: `${color}99`, width: 0, paths: uPlot.paths.bars!({ size: [0.7, 40] }), points: { show: false } }
            : { label: s.label, scale: s.right ? 'r' : 'y', stroke: color, width: 2, fill: `${color}1f`, points: { show: false } };
        }),
      ],
    };
    plot.current = new uPlot(opts, data, el);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: el.clientWidth, height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // Rebuilt only when the theme or the series' shape changes; data updates go through setData.
  }, [theme, shape, height]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [JSON.stringify(data)]);

  return <div ref={host} className="chart-box" style={{ height }} role="img" aria-label={label} />;
}
