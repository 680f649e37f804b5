import type { Series } from './series.js';

/** The figures of one point as the report's tables show them (genai-perf's units). */
export interface PointRow {
  series: string;
  concurrency: number;
  outputTokensPerSec: number | undefined;
  requestsPerSec: number | undefined;
  ttft: { p50?: number; p90?: number; p99?: number } | undefined;
  itl: { p50?: number; p90?: number; p99?: number } | undefined;
  latency: { p50?: number; p99?: number } | undefined;
}

export function pointRows(series: Series[]): PointRow[] {
  return series.flatMap((s) => s.runs.map((r) => ({
    series: s.label,
    concurrency: r.manifest.point.concurrency,
    outputTokensPerSec: r.metrics.output_token_throughput?.avg,
    requestsPerSec: r.metrics.request_throughput?.avg,
    ttft: r.metrics.time_to_first_token,
    itl: r.metrics.inter_token_latency,
    latency: r.metrics.request_latency,
  })));
}

/** 2 decimals below 100, whole numbers above; "–" for a metric genai-perf did not report. */
export const figure = (v: number | undefined): string => (v === undefined ? '–' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
