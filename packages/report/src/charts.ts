import type { TopLevelSpec } from 'vega-lite';
import type { Series } from './series.js';

/** Printed on every plot that holds a stand-in figure (the standards: never call those a result). */
export const STAND_IN_NOTE = 'STAND-IN TOOLS: these figures time trtforge’s test stand-ins, not a model';

export interface ChartSpec {
  /** File stem: `<name>.svg`, `<name>.png`. */
  name: string;
  title: string;
  /** Why the chart is absent (no run has the metric); otherwise the Vega-Lite spec. */
  spec: TopLevelSpec | null;
  missing?: string;
}

const PERCENTILES = ['p50', 'p90', 'p99'] as const;
const WIDTH = 560;
const HEIGHT = 320;

/** Shared look: a system sans font (the PNG renderer and browsers both have one), white background. */
const CONFIG = { font: 'DejaVu Sans, Liberation Sans, Arial, sans-serif', background: 'white', legend: { labelLimit: 900, orient: 'bottom', direction: 'vertical' } } as const;

function titleOf(text: string, standIn: boolean): TopLevelSpec['title'] {
  return standIn ? { text, subtitle: STAND_IN_NOTE, subtitleColor: '#b00020', subtitleFontWeight: 'bold', anchor: 'start' } : { text, anchor: 'start' };
}

/** Output token throughput against median request latency, one line per sweep, points labelled by concurrency. */
function throughputLatency(series: Series[]): ChartSpec {
  const title = 'Throughput vs latency across the sweep';
  const rows = series.flatMap((s) => s.runs.flatMap((r) => {
    const latency = r.metrics.request_latency?.p50;
    const throughput = r.metrics.output_token_throughput?.avg;
    return latency === undefined || throughput === undefined ? [] : [{ run: s.label, concurrency: r.manifest.point.concurrency, latency, throughput, point: `c=${r.manifest.point.concurrency}` }];
  }));
  if (rows.length === 0) return { name: 'throughput-latency', title, spec: null, missing: 'no run has request_latency and output_token_throughput' };
  const encoding = {
    x: { field: 'latency', type: 'quantitative', title: 'request latency p50 (ms)', scale: { zero: false } },
    y: { field: 'throughput', type: 'quantitative', title: 'output token throughput (tokens/s)' },
    color: { field: 'run', type: 'nominal', title: 'run', sort: series.map((s) => s.label) },
    order: { field: 'concurrency', type: 'quantitative' },
  } as const;
  return chart(series, 'throughput-latency', title, rows, {
    encoding,
    layer: [
      { mark: { type: 'line', point: { filled: true, size: 60 } } },
      { mark: { type: 'text', dx: 6, dy: -8, align: 'left', fontSize: 10 }, encoding: { text: { field: 'point', type: 'nominal' } } },
    ],
  });
}

/** One plot: the frame every chart shares (schema, size, theme, stand-in label) around its own marks and encoding. */
function chart(series: Series[], name: string, title: string, rows: object[], body: Record<string, unknown>): ChartSpec {
  const standIn = series.some((s) => s.standIn);
  return {
    name,
    title,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: titleOf(title, standIn),
      width: WIDTH,
      height: HEIGHT,
      config: CONFIG,
      data: { values: rows },
      ...body,
    } as TopLevelSpec,
  };
}

/** p50 / p90 / p99 of one latency metric against concurrency: colour = sweep, dash = percentile. */
function percentiles(series: Series[], metric: string, name: string, title: string, axis: string): ChartSpec {
  const rows = series.flatMap((s) => s.runs.flatMap((r) => {
    const m = r.metrics[metric];
    if (!m) return [];
    return PERCENTILES.flatMap((p) => (m[p] === undefined ? [] : [{ run: s.label, concurrency: r.manifest.point.concurrency, percentile: p, value: m[p] }]));
  }));
  if (rows.length === 0) return { name, title, spec: null, missing: `no run has ${metric} (genai-perf reports it only for streaming runs)` };
  return chart(series, name, title, rows, {
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'concurrency', type: 'quantitative', title: 'concurrency (requests in flight)', scale: { type: 'log', base: 2 }, axis: { values: [...new Set(rows.map((r) => r.concurrency))], format: 'd' } },
      y: { field: 'value', type: 'quantitative', title: axis },
      color: { field: 'run', type: 'nominal', title: 'run', sort: series.map((s) => s.label) },
      strokeDash: { field: 'percentile', type: 'nominal', title: 'percentile', sort: [...PERCENTILES] },
      shape: { field: 'percentile', type: 'nominal', title: 'percentile', sort: [...PERCENTILES] },
      detail: { field: 'run', type: 'nominal' },
    },
  });
}

/** The report's plots, in page order. */
export function chartSpecs(series: Series[]): ChartSpec[] {
  return [
    throughputLatency(series),
    percentiles(series, 'time_to_first_token', 'ttft', 'Time to first token (p50 / p90 / p99)', 'time to first token (ms)'),
    percentiles(series, 'inter_token_latency', 'itl', 'Inter-token latency (p50 / p90 / p99)', 'inter-token latency (ms)'),
  ];
}
