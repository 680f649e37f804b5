import { join } from 'node:path';
import { formatArgv, type PlanStep } from '@trtforge/spec';
import type { RunContext } from '../context.js';
import { RunnerError, throwIfAborted } from '../errors.js';
import { resolveMounts, type MountBindings } from '../mounts.js';
import { startProcess, type Invocation } from '../process/run-process.js';
import { StepLog } from '../process/step-log.js';
import { stopProcess } from '../process/stop.js';
import type { ProcessSpec } from '../runtime/types.js';
import type { StepId } from '../events.js';
import { registerRoot } from '../store/gc.js';
import type { StepKey } from '../store/key.js';
import { withGpuLock } from '../store/gpu-lock.js';
import { withLock, type LockRecord } from '../store/lock.js';
import { removeDeadOwnersContainer, stopDeadOwnersTools } from '../process/leftovers.js';
import { linkOutput, readManifest, writeManifest, type ManifestStep } from '../store/manifest.js';
import type { OutputValidator, StoreEntry } from '../store/store.js';
import { DAMAGED_REASON, intactOutcome, reusableEntry, reusableOrQuarantined } from './check-entry.js';
import { explainKey } from './explain.js';
import { buildKey, convertKey } from './keys.js';
import type { StepOutcome } from './outcome.js';
import { checkpointValidator, engineValidator } from './validate-output.js';
import { assertWeightsFit } from './weights-gate.js';
import { pullFromRemote, pushIfUnrecorded, pushToRemote } from './remote-step.js';

export type CachedStepId = 'convert' | 'build';

/** Grace period between SIGTERM and SIGKILL when a step is interrupted. */
const INTERRUPT_GRACE_MS = 5_000;

export function processSpec(ctx: RunContext, step: PlanStep, name: string, mounts: ProcessSpec['mounts']): ProcessSpec {
  return { name: `${ctx.plan.model}-${name}`, image: step.image, workdir: step.workdir, mounts, env: step.env, passEnv: step.passEnv, argv: step.argv, gpus: step.gpus };
}

/** Records the settled step in the model's state dir: manifest (for turbo and for "why") + link into the store. */
export async function recordOutcome(ctx: RunContext, step: ManifestStep, key: StepKey, entry: StoreEntry, status: 'built' | 'reused' | 'pulled', remote?: StepOutcome['remote']): Promise<void> {
  await registerRoot(ctx.store, ctx.stateDir, ctx.plan.model);
  const previous = await readManifest(ctx.stateDir, step);
  if (previous?.key === key.key && previous.entry === entry.dir && previous.status === status && !remote?.digest) return;
  await writeManifest(ctx.stateDir, {
    format: 1,
    model: ctx.plan.model,
    step,
    key: key.key,
    components: key.components,
    entry: entry.dir,
    output: entry.out,
    status,
    files: entry.meta.files,
    previous: previous ? (previous.key === key.key ? previous.previous : { key: previous.key, components: previous.components }) : null,
    ...(remote?.digest ? { remote: { reference: remote.reference, digest: remote.digest } } : previous?.key === key.key && previous.remote ? { remote: previous.remote } : {}),
  });
  await linkOutput(ctx.stateDir, step === 'repo' ? 'model_repo' : step === 'convert' ? 'checkpoint' : 'engine', entry.out);
}

type SettledFields = Omit<StepOutcome, 'step' | 'key' | 'components' | 'durationMs'>;

/** Ends a step of this run: manifest + link for real results, then the `step-done` event. */
export async function settleStep(ctx: RunContext, id: ManifestStep, key: StepKey, started: number, fields: SettledFields): Promise<StepOutcome> {
  const outcome: StepOutcome = { step: id, key: key.key, components: key.components, durationMs: Date.now() - started, ...fields };
  if (outcome.entry && (outcome.status === 'built' || outcome.status === 'reused' || outcome.status === 'pulled')) await recordOutcome(ctx, id, key, outcome.entry, outcome.status, outcome.remote);
  ctx.outcomes.set(id, outcome);
  ctx.emit({ type: 'step-done', step: id, outcome });
  return outcome;
}

/**
 * Starts a step's process and waits for it to exit; an abort of the run (or of `also`) stops it,
 * container included, before this returns.
 */
export async function runToExit(ctx: RunContext, invocation: Invocation, log: StepLog, id: StepId, also?: AbortSignal): Promise<number | undefined> {
  const removeOnExit = invocation.containerName ? ctx.runtime.removeCommand(invocation.containerName) : undefined;
  const running = startProcess(invocation, { log, onLine: (line) => ctx.emit({ type: 'output', step: id, line }), ...(removeOnExit ? { removeOnExit } : {}) });
  let stopping: Promise<void> | undefined;
  const stop = (): void => {
    stopping ??= stopProcess(ctx.runtime, invocation, running, { signal: 'SIGTERM', graceMs: INTERRUPT_GRACE_MS, env: ctx.env });
  };
  const signals = [ctx.signal, also].filter((s): s is AbortSignal => s !== undefined);
  for (const s of signals) s.addEventListener('abort', stop, { once: true });
  if (signals.some((s) => s.aborted)) stop(); // aborted while the process was being started
  try {
    const exit = await running.exited;
    await stopping;
    return exit.exitCode;
  } finally {
    for (const s of signals) s.removeEventListener('abort', stop);
  }
}

function stepParts(ctx: RunContext, id: CachedStepId): { step: PlanStep; validate: OutputValidator } {
  const worldSize = ctx.plan.parallelism.worldSize;
  return id === 'convert'
    ? { step: ctx.plan.steps.convert, validate: checkpointValidator(worldSize) }
    : { step: ctx.plan.steps.build, validate: engineValidator(worldSize) };
}

async function computeKey(ctx: RunContext, id: CachedStepId): Promise<{ key: StepKey; upstream: MountBindings; keyProblem?: string }> {
  if (id === 'convert') return { key: await convertKey(ctx), upstream: {} };
  const convert = await runStep(ctx, 'convert');
  try {
    return { key: await buildKey(ctx, convert.key), upstream: { convert: convert.output } };
  } catch (error) {
    // A dry run on a host without a GPU still shows the commands; the key stays unknown.
    if (!ctx.dryRun || !(error instanceof RunnerError)) throw error;
    return { key: { key: 'unknown', components: {} }, upstream: { convert: convert.output }, keyProblem: error.message };
  }
}

/**
 * Makes sure the store holds the output of `id` (and of the steps it depends on) for the current
 * inputs: recompute the key, reuse a matching entry, otherwise run the step once under a per-key
 * lock into a temp dir that is renamed into the store only after the tool succeeded and its
 * output passed validation. Returns what happened, with the reasons.
 */
export async function runStep(ctx: RunContext, id: CachedStepId): Promise<StepOutcome> {
  const settled = ctx.outcomes.get(id);
  if (settled) return settled;
  const started = Date.now();
  throwIfAborted(ctx.signal, id);
  const { key, upstream, keyProblem } = await computeKey(ctx, id);
  ctx.memo.save();
  const { step, validate } = stepParts(ctx, id);
  const reasons = keyProblem ? [`key unknown: ${keyProblem}`] : explainKey(await readManifest(ctx.stateDir, id), key);
  let damaged: StepOutcome['damaged'];
  const settle = (outcome: SettledFields): Promise<StepOutcome> => settleStep(ctx, id, key, started, { ...outcome, ...(damaged ? { damaged } : {}) });

  const { entry: existing, damage } = keyProblem ? {} : await reusableEntry(ctx, id, key.key, validate);
  if (existing) return settle({ status: ctx.dryRun ? 'would-reuse' : 'reused', entry: existing, output: existing.out, reasons, waited: false, ...(await pushIfUnrecorded(ctx, id, key.key, existing)) });
  if (damage) reasons.push(DAMAGED_REASON);
  ctx.emit({ type: 'step-start', step: id, key: key.key, reasons });

  if (ctx.dryRun) {
    const output = join(ctx.store.root, 'tmp', `${id}-${key.key}-${process.pid}-XXXX`, 'out');
    const mounts = await resolveMounts(ctx, step, { ...upstream, output });
    const invocation = ctx.runtime.invocation(processSpec(ctx, step, `${id}-${key.key.slice(0, 12)}-${process.pid}`, mounts));
    ctx.emit({ type: 'command', step: id, argv: [invocation.file, ...invocation.args] });
    return settle({ status: 'would-run', output: join(ctx.store.entryDir(id, key.key), 'out'), reasons, waited: false });
  }
  if (id === 'convert') await assertWeightsFit(ctx);

  let waited = false;
  const onWait = (): void => {
    waited = true;
    ctx.emit({ type: 'lock-wait', step: id, key: key.key });
  };
  // Lock news (a dead owner's lock taken, who holds a busy one) is said once, as a notice.
  const onReport = (message: string): void => ctx.emit({ type: 'notice', step: id, message });
  const onDeadOwner = async (owner: LockRecord): Promise<void> => {
    await stopDeadOwnersTools(owner, onReport);
    const theirs = ctx.runtime.invocation(processSpec(ctx, step, `${id}-${key.key.slice(0, 12)}-${owner.pid}`, [])).containerName;
    await removeDeadOwnersContainer(ctx.runtime, theirs, owner, ctx.env, onReport);
  };
  return withLock(ctx.store.lockPath(id, key.key), { staleMs: ctx.lockStaleMs, what: id, signal: ctx.signal, onWait, onReport, onDeadOwner }, async (compromised) => {
    const { entry: raced, damaged: found } = await reusableOrQuarantined(ctx, id, key.key, validate);
    damaged = found;
    if (found && !reasons.includes(DAMAGED_REASON)) reasons.push(DAMAGED_REASON);
    if (raced) return settle({ status: 'reused', entry: raced, output: raced.out, reasons: [...reasons.filter((r) => r !== DAMAGED_REASON), 'built meanwhile by a concurrent run'], waited });
    // A local miss: the remote tier (TRTFORGE_REMOTE_CACHE) may have it, verified file by file before it is committed.
    const pulled = await pullFromRemote(ctx, id, key.key, validate);
    if (pulled) return settle({ status: 'pulled', entry: pulled.entry, output: pulled.entry.out, reasons, waited, remote: pulled.remote });
    // The build reads the checkpoint: hashed first (memoised), re-converted in this run if damaged.
    if (id === 'build' && upstream.convert) await intactOutcome(ctx, ctx.outcomes.get('convert')!, () => runStep(ctx, 'convert'));
    await ctx.store.cleanStaleTemps(ctx.lockStaleMs);
    const temp = await ctx.store.createTemp(id, key.key);
    const log = new StepLog(ctx.logPath(id), ctx.secrets());
    try {
      const mounts = await resolveMounts(ctx, step, { ...upstream, output: temp.out });
      const invocation = ctx.runtime.invocation(processSpec(ctx, step, `${id}-${key.key.slice(0, 12)}-${process.pid}`, mounts));
      log.line(`# trtforge ${id} ${ctx.plan.model} key ${key.key}`);
      log.line(`$ ${formatArgv([invocation.file, ...invocation.args])}`);
      ctx.emit({ type: 'command', step: id, argv: [invocation.file, ...invocation.args], logPath: log.path });
      const gpuLock = { store: ctx.store, gpus: step.gpus, mode: 'wait' as const, what: `${id} ${ctx.plan.model}`, staleMs: ctx.lockStaleMs, signal: ctx.signal, onReport, onDeadOwner };
      const exitCode = await withGpuLock(gpuLock, () => runToExit(ctx, invocation, log, id, compromised));
      throwIfAborted(ctx.signal, id);
      if (compromised.aborted) throw new RunnerError('lock-compromised', `lost the ${id} lock (${String(compromised.reason)}); output discarded`, { hint: 'run again' });
      if (exitCode !== 0) {
        throw new RunnerError('step-failed', `${id} failed: ${step.argv[0]} exited with ${exitCode ?? 'a signal'}`, {
          details: log.lastLines(15),
          hint: `full log: ${log.path}`,
        });
      }
      const problem = await validate(temp.out);
      if (problem) {
        throw new RunnerError('step-output', `${id} exited 0 but its output is incomplete: ${problem}`, { details: log.lastLines(10), hint: `full log: ${log.path}` });
      }
      const entry = await ctx.store.commit(temp, { model: ctx.plan.model, components: key.components }, ctx.signal);
      const remote = await pushToRemote(ctx, entry);
      return await settle({ status: 'built', entry, output: entry.out, reasons, logPath: log.path, waited, ...(remote ? { remote } : {}) });
    } finally {
      await log.close();
      // Still there unless committed: a failed or interrupted step leaves nothing a later run could trust.
      await ctx.store.discard(temp);
    }
  });
}
