import { relative } from 'node:path';
import type { BenchSweepResult } from '@trtforge/runner';

/**
 * `trtforge bench --json`: the sweep as stored — each run's id, its directory relative to the
 * repository (never a host path), its manifest and genai-perf's metrics.
 */
export function sweepSummary(root: string, sweep: Extract<BenchSweepResult, { status: 'done' }>): Record<string, unknown> {
  return {
    model: sweep.runs[0]?.manifest.model,
    mode: sweep.mode,
    sweep: sweep.sweepId,
    standIn: sweep.runs.some((r) => r.manifest.standIn),
    runs: sweep.runs.map((run) => ({
      run: run.id,
      dir: relative(root, run.dir),
      concurrency: run.manifest.point.concurrency,
      manifest: run.manifest,
      metrics: run.metrics,
    })),
  };
}
