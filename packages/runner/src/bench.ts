import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatArgv, type BenchStep, type ServeModeName } from '@trtforge/spec';
import type { RunContext } from './context.js';
import { RunnerError, throwIfAborted } from './errors.js';
import { resolveMounts } from './mounts.js';
import { StepLog } from './process/step-log.js';
import { which } from './probe/which.js';
import { httpUrl, isReady } from './ready.js';
import { processSpec, runToExit } from './steps/run-step.js';

/** One metric of genai-perf's `profile_export_genai_perf.json`: request-level ones carry percentiles. */
export interface GenaiPerfMetric {
  unit: string;
  avg?: number;
  min?: number;
  max?: number;
  p50?: number;
  p90?: number;
  p99?: number;
}

export interface BenchResult {
  status: 'dry-run' | 'done';
  step: BenchStep;
  /** Host directory with genai-perf's artifacts (inputs.json, profile_export*.json/csv). */
  artifactDir: string;
  /** Metrics by genai-perf's name (time_to_first_token, request_throughput, …). */
  metrics?: Record<string, GenaiPerfMetric>;
  /** The summary was written by trtforge's test stand-in, not genai-perf: its figures time a stand-in server. */
  standIn?: boolean;
}

export interface BenchOptions {
  /** Default: the plan's `serve.selected`. */
  mode?: ServeModeName;
  /** Overrides the compiled `--concurrency`. */
  concurrency?: number;
  /** Where genai-perf writes its exports (default: a fresh dir under the model's state dir). */
  artifactDir?: string;
}

export function selectBenchStep(ctx: RunContext, options: BenchOptions = {}): BenchStep {
  const mode = options.mode ?? ctx.plan.serve.selected;
  const step = ctx.plan.bench?.[mode];
  if (!step) throw new RunnerError('bench-missing', `the plan of ${ctx.plan.model} has no benchmark for serve mode "${mode}"`, { hint: `recompile: trtforge compile ${ctx.plan.model}` });
  if (options.concurrency === undefined) return step;
  const at = step.argv.indexOf('--concurrency');
  const argv = step.argv.map((arg, i) => (i === at + 1 ? String(options.concurrency) : arg));
  return { ...step, argv, title: step.title.replace(/concurrency \d+/, `concurrency ${options.concurrency}`) };
}

/**
 * Runs genai-perf against the *running* server of one serve mode (trtforge never benchmarks a
 * server it cannot see) and reads its summary. Each run writes a fresh artifact directory under
 * the model's state dir, so earlier results stay for comparison.
 */
export async function runBench(ctx: RunContext, options: BenchOptions = {}): Promise<BenchResult> {
  const step = selectBenchStep(ctx, options);
  const server = ctx.plan.serve.modes[step.mode];
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const artifactDir = options.artifactDir ?? join(ctx.stateDir, 'bench', `${step.mode}-c${step.argv[step.argv.indexOf('--concurrency') + 1]}-${stamp}`);
  const ready = httpUrl(server.host, server.ready.port, server.ready.path);
  if (!ctx.dryRun && !(await isReady(ready, 3_000))) {
    const modeFlag = step.mode === ctx.plan.serve.selected ? '' : ` --mode ${step.mode}`;
    throw new RunnerError('bench-no-server', `no ${step.mode} server is ready at ${ready}`, { hint: `start it first, in another terminal: trtforge serve ${ctx.plan.model}${modeFlag}` });
  }
  if (ctx.runtime.runsOnHost && !ctx.dryRun && !which(step.argv[0]!, ctx.env)) {
    throw new RunnerError('bench-tool', `${step.argv[0]} is not on PATH (runtime local runs it on this host)`, {
      hint: `pip install genai-perf, or run it in ${step.image} with --runtime docker|podman`,
    });
  }
  const mounts = await resolveMounts(ctx, step, { output: artifactDir });
  const invocation = ctx.runtime.invocation(processSpec(ctx, step, `bench-${process.pid}`, mounts));
  const argv = [invocation.file, ...invocation.args];
  if (ctx.dryRun) {
    ctx.emit({ type: 'command', step: 'bench', argv });
    return { status: 'dry-run', step, artifactDir };
  }
  throwIfAborted(ctx.signal, 'bench');
  await mkdir(artifactDir, { recursive: true });
  const log = new StepLog(ctx.logPath('bench'), ctx.secrets(), 40);
  try {
    log.line(`$ ${formatArgv(argv)}`);
    ctx.emit({ type: 'command', step: 'bench', argv, logPath: log.path });
    const exitCode = await runToExit(ctx, invocation, log, 'bench');
    throwIfAborted(ctx.signal, 'bench');
    if (exitCode !== 0) {
      throw new RunnerError('bench-failed', `genai-perf exited with ${exitCode ?? 'a signal'}`, { details: log.lastLines(15), hint: `full log: ${log.path}` });
    }
  } finally {
    await log.close();
  }
  return { status: 'done', step, artifactDir, ...(await readSummary(join(artifactDir, step.summary))) };
}

async function readSummary(path: string): Promise<{ metrics: Record<string, GenaiPerfMetric>; standIn: boolean }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new RunnerError('bench-summary', `genai-perf finished but its summary ${path} cannot be read (${(error as Error).message})`, { hint: 'see the bench log' });
  }
  const metrics: Record<string, GenaiPerfMetric> = {};
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (value && typeof value === 'object' && typeof (value as { unit?: unknown }).unit === 'string') metrics[name] = value as GenaiPerfMetric;
  }
  const standIn = (parsed as { input_config?: { stand_in?: unknown } }).input_config?.stand_in === true;
  return { metrics, standIn };
}
