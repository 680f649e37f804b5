import type { BenchRunManifest, GenaiPerfMetric, StoredBenchRun } from '@trtforge/runner';

/** Percentile stats shaped like genai-perf's, growing with `base` (made-up inputs for the report's tests). */
const stats = (base: number, unit = 'ms'): GenaiPerfMetric => ({ unit, avg: base * 1.1, min: base * 0.5, max: base * 3, p50: base, p90: base * 1.5, p99: base * 2 });

export interface FixtureOptions {
  mode?: BenchRunManifest['serve']['mode'];
  sweep?: string;
  engine?: string;
  standIn?: boolean;
  streaming?: boolean;
  gpu?: string;
  date?: string;
}

/** One stored run at `concurrency`, with a manifest that passes the schema. */
export function fixtureRun(concurrency: number, options: FixtureOptions = {}): StoredBenchRun {
  const mode = options.mode ?? 'triton';
  const sweep = options.sweep ?? `20261202T003000Z-${mode}`;
  const streaming = options.streaming ?? true;
  const manifest: BenchRunManifest = {
    format: 1,
    kind: 'trtforge-bench-run',
    runId: `${sweep}-c${concurrency}`,
    model: 'qwen2.5-0.5b',
    sweep: { id: sweep, index: 0, concurrency: [1, 4, 16, 64] },
    point: { concurrency, inputTokens: 200, outputTokens: 100, requestCount: 50, warmupRequests: 10, streaming },
    serve: { mode, model: mode === 'triton' ? 'ensemble' : 'qwen2.5-0.5b', image: 'nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3', imageId: null },
    engine: { key: options.engine ?? 'e'.repeat(64) },
    spec: { path: 'models/qwen2.5-0.5b/model.ts', sha256: 'b'.repeat(64), planSha256: 'c'.repeat(64), generator: 'trtforge 0.1.0', versions: { tensorrtllm: '0.17.0.post1', triton: '25.01' } },
    gpu: { available: true, devices: [{ index: 0, name: options.gpu ?? 'NVIDIA A10G', driver: '550.54.15' }] },
    benchImage: { ref: 'nvcr.io/nvidia/tritonserver:25.01-py3-sdk', id: null },
    runtime: 'docker',
    date: options.date ?? '2026-12-02T00:30:00.000Z',
    trtforge: { version: '0.1.0' },
    tools: { genaiPerf: { standIn: options.standIn ?? false, perfAnalyzerVersion: null } },
    standIn: options.standIn ?? false,
    files: ['profile_export_genai_perf.json'],
    scrubbed: [],
  };
  const metrics: Record<string, GenaiPerfMetric> = {
    request_latency: stats(100 + concurrency * 10),
    output_token_throughput: { unit: 'tokens/sec', avg: 90 * Math.sqrt(concurrency) },
    request_throughput: { unit: 'requests/sec', avg: Math.sqrt(concurrency) },
    request_count: { unit: 'count', avg: 50 },
  };
  if (streaming) {
    metrics.time_to_first_token = stats(10 + concurrency);
    metrics.inter_token_latency = stats(5 + concurrency / 8);
  }
  return { id: `qwen2.5-0.5b/${manifest.runId}`, dir: `/nonexistent/${manifest.runId}`, manifest, metrics };
}

export const sweepOf = (options: FixtureOptions): StoredBenchRun[] => [1, 4, 16, 64].map((c) => fixtureRun(c, options));
