import { formatArgv, type ServeModeName, type ServeStep } from '@trtforge/spec';
import { assembleRepository, verifyRepository } from './assemble.js';
import type { RunContext } from './context.js';
import { RunnerError, throwIfAborted } from './errors.js';
import { resolveMounts } from './mounts.js';
import { stopDeadOwnersTools } from './process/leftovers.js';
import { startProcess, type Invocation } from './process/run-process.js';
import { StepLog } from './process/step-log.js';
import { stopProcess } from './process/stop.js';
import { httpUrl, portIsFree, waitForReady } from './ready.js';
import { intactOutcome } from './steps/check-entry.js';
import { withGpuLock } from './store/gpu-lock.js';
import type { LockRecord } from './store/lock.js';
import type { StepOutcome } from './steps/outcome.js';
import { processSpec, runStep } from './steps/run-step.js';

export interface ServePreparation {
  step: ServeStep;
  invocation: Invocation;
  /** convert, build and (for Triton modes) repo, as settled in this run. */
  outcomes: StepOutcome[];
}

export interface ServeOptions {
  /** Default: the plan's `serve.selected`. */
  mode?: ServeModeName;
  /** Return (stopping the server) as soon as its process has been spawned: for benchmarks and smoke tests. */
  untilStarted?: boolean;
  /** How long the readiness probe may take. Default 20 minutes (engine load + KV cache allocation). */
  readyTimeoutMs?: number;
  /** Every line the server prints (after masking secrets). */
  onOutput?: (line: string) => void;
  onReady?: (step: ServeStep, url: string) => void;
  onStarted?: (pid: number | undefined) => void;
}

export interface ServeResult {
  status: 'dry-run' | 'started' | 'stopped' | 'exited';
  /** Server exit code (stopped/exited). */
  exitCode?: number;
  step: ServeStep;
}

export function selectServeStep(ctx: RunContext, mode?: ServeModeName): ServeStep {
  const name = mode ?? ctx.plan.serve.selected;
  const step = ctx.plan.serve.modes[name];
  if (!step) throw new RunnerError('serve-mode', `the plan has no serve mode "${name}"; it has ${Object.keys(ctx.plan.serve.modes).join(', ')}`);
  return step;
}

/**
 * Everything before the server starts: convert and build (reused or run), the model repository
 * assembled and checked against what the serve step mounts, and the final invocation.
 */
export async function prepareServe(ctx: RunContext, mode?: ServeModeName): Promise<ServePreparation> {
  const step = selectServeStep(ctx, mode);
  const needs = new Set(step.mounts.map((m) => (m.source.kind === 'step' ? m.source.step : m.source.kind)));
  // What the server reads is hashed first (memoised; a damaged entry is quarantined and produced again): check-entry.ts.
  const convert = needs.has('convert') ? await intactOutcome(ctx, await runStep(ctx, 'convert'), () => runStep(ctx, 'convert')) : await runStep(ctx, 'convert');
  const build = needs.has('build') || needs.has('modelRepo') ? await intactOutcome(ctx, await runStep(ctx, 'build'), () => runStep(ctx, 'build')) : undefined;
  const outcomes = [convert, ...(build ? [build] : [])];
  let modelRepo: string | undefined;
  if (needs.has('modelRepo')) {
    const repo = await intactOutcome(ctx, await assembleRepository(ctx, step, build!.output), () => assembleRepository(ctx, step, build!.output));
    outcomes.push(repo);
    modelRepo = repo.output;
    if (!ctx.dryRun) await verifyRepository(ctx, step, repo.output, build!.output);
  }
  const mounts = await resolveMounts(ctx, step, { convert: convert.output, ...(build ? { build: build.output } : {}), ...(modelRepo ? { modelRepo } : {}) });
  const invocation = ctx.runtime.invocation(processSpec(ctx, step, `serve-${process.pid}`, mounts));
  return { step, invocation, outcomes };
}

const signalOf = (reason: unknown): NodeJS.Signals => (reason === 'SIGINT' || reason === 'SIGTERM' || reason === 'SIGHUP' ? reason : 'SIGTERM');

/**
 * Starts the server, waits for its readiness probe, then runs until it exits or the run is
 * aborted; an abort forwards the signal that caused it (AbortSignal.reason 'SIGINT'/'SIGTERM')
 * to the server and removes its container.
 */
export async function startServer(ctx: RunContext, prep: ServePreparation, options: ServeOptions = {}): Promise<ServeResult> {
  const { step, invocation } = prep;
  const argv = [invocation.file, ...invocation.args];
  if (ctx.dryRun) {
    ctx.emit({ type: 'command', step: 'serve', argv });
    return { status: 'dry-run', step };
  }
  throwIfAborted(ctx.signal, 'serve');
  // Every port at once (the compiler refuses a plan with two roles on one port, TRT145); the first busy one in the plan's order is reported.
  const ports = Object.entries(step.ports).filter((entry): entry is [string, number] => entry[1] !== undefined);
  const free = await Promise.all(ports.map(([, port]) => portIsFree(step.host, port)));
  const busy = ports.find((_, i) => !free[i]);
  if (busy) throw new RunnerError('port-busy', `${busy[0]} port ${busy[1]} on ${step.host} is already in use`, { hint: 'stop the other server, or change serve.ports in the spec' });
  // A server holds its GPUs for hours: on a busy GPU, fail now naming the holder instead of waiting.
  const onReport = (message: string): void => ctx.emit({ type: 'notice', step: 'serve', message });
  const onDeadOwner = (owner: LockRecord): Promise<void> => stopDeadOwnersTools(owner, onReport);
  const gpuLock = { store: ctx.store, gpus: step.gpus, mode: 'fail' as const, what: `serve ${ctx.plan.model}`, staleMs: ctx.lockStaleMs, signal: ctx.signal, onReport, onDeadOwner };
  return withGpuLock(gpuLock, () => runServer(ctx, prep, options));
}

/** startServer once its ports are free and its GPUs are ours. */
async function runServer(ctx: RunContext, prep: ServePreparation, options: ServeOptions): Promise<ServeResult> {
  const { step, invocation } = prep;
  const argv = [invocation.file, ...invocation.args];
  const log = new StepLog(ctx.logPath('serve'), ctx.secrets(), 40);
  log.line(`$ ${formatArgv(argv)}`);
  ctx.emit({ type: 'command', step: 'serve', argv, logPath: log.path });
  const removeOnExit = invocation.containerName ? ctx.runtime.removeCommand(invocation.containerName) : undefined;
  const running = startProcess(invocation, { log, onLine: (line) => options.onOutput?.(line), ...(removeOnExit ? { removeOnExit } : {}) });
  let exited = false;
  void running.exited.then(() => { exited = true; });
  options.onStarted?.(running.pid);
  let stopping: Promise<void> | undefined;
  const stop = (signal: NodeJS.Signals): Promise<void> =>
    (stopping ??= stopProcess(ctx.runtime, invocation, running, { signal, graceMs: stopGraceMs(ctx), env: ctx.env }));
  const onAbort = (): void => void stop(signalOf(ctx.signal?.reason));
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  if (ctx.signal?.aborted) onAbort();
  try {
    if (options.untilStarted) {
      await stop('SIGTERM');
      return { status: 'started', step };
    }
    const url = httpUrl(step.host, step.ready.port, step.ready.path);
    const timeoutMs = options.readyTimeoutMs ?? 20 * 60_000;
    const ready = await waitForReady(url, { timeoutMs, exited: running.exited, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    if (ready === 'ready') options.onReady?.(step, url);
    else if (ready === 'timeout') {
      await stop('SIGTERM');
      throw new RunnerError('serve-not-ready', `${step.argv[0]} did not become ready at ${url} within ${Math.round(timeoutMs / 1000)} s`, { details: log.lastLines(15), hint: `full log: ${log.path}` });
    }
    const exit = await running.exited;
    await stopping;
    if (ctx.signal?.aborted) return { status: 'stopped', exitCode: exit.exitCode ?? 0, step };
    if (exit.exitCode === 0) return { status: 'exited', exitCode: 0, step };
    throw new RunnerError('serve-exited', `${step.argv[0]} exited with ${exit.exitCode ?? exit.signal}${ready === 'ready' ? '' : ' before it was ready'}`, {
      details: log.lastLines(15),
      hint: `full log: ${log.path}`,
    });
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    // Whatever went wrong above, never leave the server (or its container) behind.
    if (!exited) await stop('SIGTERM');
    await log.close();
  }
}

function stopGraceMs(ctx: RunContext): number {
  const seconds = Number(ctx.env.TRTFORGE_STOP_TIMEOUT ?? 10);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 10) * 1000;
}

/** prepareServe + startServer. */
export async function serve(ctx: RunContext, options: ServeOptions = {}): Promise<ServeResult & { outcomes: StepOutcome[] }> {
  const prep = await prepareServe(ctx, options.mode);
  return { ...(await startServer(ctx, prep, options)), outcomes: prep.outcomes };
}
