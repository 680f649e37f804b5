import { dirname, relative } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import pc from 'picocolors';
import type { ServeModeName } from '@trtforge/spec';
import type { BenchResult, GenaiPerfMetric } from '@trtforge/runner';
import { runner } from '../runner.js';
import { SERVE_MODE_CHOICES } from './run/serve-modes.js';
import { addRunOptions, flagsOf, type RunFlags } from './run/options.js';
import { positiveIntegerList } from './run/list-options.js';
import { print } from './run/output.js';
import { registerBenchReport } from './bench-report.js';
import { sweepSummary } from './bench-summary.js';
import { runSession } from './run/session.js';
import { smokeRequest } from './run/smoke.js';

interface BenchFlags extends RunFlags {
  mode?: ServeModeName;
  concurrency?: number[];
  json?: boolean;
}

/** genai-perf's metric names, in the order its own table prints them, with our labels. */
const LATENCIES: Array<[string, string]> = [
  ['time_to_first_token', 'time to first token'],
  ['inter_token_latency', 'inter-token latency'],
  ['request_latency', 'request latency'],
  ['output_sequence_length', 'output tokens / request'],
  ['input_sequence_length', 'input tokens / request'],
];
const TOTALS: Array<[string, string]> = [
  ['output_token_throughput', 'output token throughput'],
  ['request_throughput', 'request throughput'],
  ['request_count', 'requests'],
];

const num = (v: number | undefined): string => (v === undefined ? '–' : Number.isInteger(v) || v >= 100 ? v.toFixed(0) : v.toFixed(2));

/** The summary as a table: request-level metrics with percentiles, then the totals. */
export function formatBench(result: BenchResult): string[] {
  const metrics = result.metrics ?? {};
  const row = (label: string, m: GenaiPerfMetric) =>
    `  ${label.padEnd(24)} ${[m.avg, m.p50, m.p90, m.p99].map((v) => num(v).padStart(9)).join('')}  ${m.unit}`;
  const lines = [pc.dim(`  ${''.padEnd(24)} ${['avg', 'p50', 'p90', 'p99'].map((h) => h.padStart(9)).join('')}`)];
  for (const [key, label] of LATENCIES) if (metrics[key]) lines.push(row(label, metrics[key]));
  for (const [key, label] of TOTALS) if (metrics[key]) lines.push(`  ${label.padEnd(24)} ${num(metrics[key].avg).padStart(9)}  ${metrics[key].unit}`);
  lines.push(pc.dim(`  artifacts: ${result.artifactDir}`));
  if (result.standIn) lines.push(pc.yellow('  ! written by the test stand-in for genai-perf: these figures time a stand-in server, not a model'));
  return lines;
}

/**
 * `trtforge bench <model> [--concurrency 1,4,16,64]`: genai-perf against the running server once
 * per point (the plan's compiled command: fixed-length synthetic prompts from the spec's `bench`),
 * each run stored under bench/<model>/<run-id>/ with a manifest, its summary printed as a table
 * (or the whole sweep as JSON). `trtforge bench report` compares stored runs.
 */
export function registerBench(program: Command): void {
  const command = program
    .command('bench')
    .description('load-test the running server with genai-perf (TTFT, inter-token latency, throughput)')
    .argument('<model>', 'model name (generated/<model>/plan.json)')
    .addOption(new Option('--mode <mode>', "serve mode of the running server (default: the plan's serve.selected)").choices(SERVE_MODE_CHOICES))
    .option('--concurrency <n[,n…]>', 'requests in flight; a comma list sweeps, one stored run per point (default: bench.concurrency of the spec)', positiveIntegerList)
    .option('--json', 'print the sweep (stored runs, their manifests and genai-perf metrics) as JSON');
  // No GPU or weights needed here: genai-perf only needs the tokenizer and a server that answers.
  registerBenchReport(command);
  addRunOptions(command).action(async (model: string) => {
    const flags = flagsOf<BenchFlags>(command);
    await runSession(command, model, flags, { verb: 'bench', needsGpu: () => false, preflight: false, silent: flags.json === true }, async ({ ctx, progress }) => {
      const { runBenchSweep, selectBenchStep } = runner();
      const first = selectBenchStep(ctx, flags.mode ? { mode: flags.mode } : {});
      const points = flags.concurrency ?? [];
      const title = points.length > 1
        ? `genai-perf sweep over concurrency ${points.join(', ')} against ${ctx.plan.serve.modes[first.mode].title}`
        : selectBenchStep(ctx, { mode: first.mode, ...(points.length === 1 ? { concurrency: points[0]! } : {}) }).title;
      const tables: string[] = [];
      const sweep = await progress.run([{
        id: 'bench',
        title,
        run: () => runBenchSweep(ctx, {
          mode: first.mode,
          ...(points.length > 0 ? { concurrency: points } : {}),
          // Printed after the progress display is done with the terminal.
          onRun: (run, result) => {
            tables.push(pc.bold(`${result.step.title} (${ctx.runtime.name})`), ...formatBench({ ...result, artifactDir: relative(ctx.root, run.dir) }));
          },
        }),
      }]).then(([result]) => result);
      if (sweep?.status !== 'done') return;
      // One request of our own: an echoed prompt or leaked template inflates genai-perf's token counts.
      const smoke = await smokeRequest(ctx.plan.serve.modes[first.mode], ctx.inputs.tokenizerDir, ctx.signal);
      if (flags.json) {
        print(JSON.stringify({ ...sweepSummary(ctx.root, sweep), warnings: smoke.warnings }, null, 2));
        return;
      }
      for (const line of tables) print(line);
      print(`stored ${sweep.runs.length} run${sweep.runs.length === 1 ? '' : 's'} of sweep ${sweep.sweepId} under ${relative(ctx.root, dirname(sweep.runs[0]!.dir))}/; compare: trtforge bench report ${ctx.plan.model}`);
      if (smoke.warnings.length > 0) {
        print(pc.yellow("! the server's answers need cleaning, so the output token counts and throughput above include more than generated text:"));
        for (const warning of smoke.warnings) print(`  ${warning}`);
      }
    });
  });
}
