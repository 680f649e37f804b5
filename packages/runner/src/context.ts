import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { secretValues, type Plan } from '@trtforge/spec';
import type { RunEvent, StepId } from './events.js';
import { loadPlan } from './plan/load-plan.js';
import { createProbes, type Probes } from './probe/probes.js';
import type { RuntimeOptions } from './runtime/options.js';
import { resolveRuntime } from './runtime/resolve.js';
import type { ContainerRuntime, RuntimeName } from './runtime/types.js';
import { resolveSource, type SourceCheckout, type SourceName } from './sources/checkout.js';
import type { FileHashMemo } from './store/file-memo.js';
import { lockStaleMs } from './store/lock.js';
import { defaultStoreRoot, Store } from './store/store.js';
import { remoteTierFromEnv, type EntryTier } from './store/remote/tier.js';
import type { StepOutcome } from './steps/outcome.js';

export interface RunOptions {
  /** Repository root (holds generated/ and models/). */
  root: string;
  model: string;
  /** Default `<root>/generated/<model>/plan.json`. */
  planPath?: string;
  /** Manifests, links and logs. Default `<root>/<dir of plan.spec>/.trtforge` (the model package). */
  stateDir?: string;
  /** Store root. Default $TRTFORGE_STORE, else ~/.cache/trtforge. */
  store?: string;
  /** Default $TRTFORGE_RUNTIME, else auto. */
  runtime?: RuntimeName | 'auto';
  runtimeOverrides?: Partial<RuntimeOptions>;
  /** User checkouts of NVIDIA sources (else $TRTFORGE_SRC_*, else a cached clone). */
  sources?: Partial<Record<SourceName, string>>;
  /** Host input overrides (else $TRTFORGE_MODEL_DIR / $TRTFORGE_TOKENIZER_DIR, else the plan's). */
  inputs?: { modelDir?: string; tokenizerDir?: string };
  dryRun?: boolean;
  /** Build without pushing to the remote tier (`--no-push`); pulls still happen. */
  noPush?: boolean;
  signal?: AbortSignal;
  /** Environment for every probe and process. Default process.env. */
  env?: Record<string, string | undefined>;
  onEvent?: (event: RunEvent) => void;
}

/** Everything one run of convert/build/serve shares. */
export interface RunContext {
  plan: Plan;
  root: string;
  generatedDir: string;
  stateDir: string;
  store: Store;
  runtime: ContainerRuntime;
  env: Record<string, string | undefined>;
  dryRun: boolean;
  /** The remote tier (TRTFORGE_REMOTE_CACHE), when this host has one. */
  remote: EntryTier | undefined;
  noPush: boolean;
  signal: AbortSignal | undefined;
  inputs: { modelDir: string; tokenizerDir: string; revision?: string; hfRepo?: string; calibDataset?: string };
  probes: Probes;
  memo: FileHashMemo;
  lockStaleMs: number;
  /** User checkouts given as options (env ones are read where needed). */
  sourceOverrides: Partial<Record<SourceName, string>>;
  /** Outcomes of the steps this run already settled (a step is settled once per run). */
  outcomes: Map<'convert' | 'build' | 'repo', StepOutcome>;
  source(name: SourceName): Promise<SourceCheckout>;
  logPath(step: StepId): string;
  /** Values to mask in every log: secret-looking env vars and the plan's passEnv variables (packages/spec/src/secrets.ts). */
  secrets(): string[];
  emit(event: RunEvent): void;
}

/** Spec input paths are absolute, `~/…`, or relative to the repository root. */
export function resolveInputPath(path: string, root: string, env: Record<string, string | undefined>): string {
  if (path === '~' || path.startsWith('~/')) return join(env.HOME || homedir(), path.slice(1));
  return isAbsolute(path) ? path : resolve(root, path);
}

/** The plan's host inputs, with --model-dir / $TRTFORGE_MODEL_DIR (and tokenizer) overrides applied. */
export function resolveInputs(plan: Plan, options: Pick<RunOptions, 'root' | 'inputs'>, env: Record<string, string | undefined>): RunContext['inputs'] {
  const modelOverride = options.inputs?.modelDir ?? env.TRTFORGE_MODEL_DIR;
  const tokenizerOverride = options.inputs?.tokenizerDir ?? env.TRTFORGE_TOKENIZER_DIR;
  const modelDir = resolveInputPath(modelOverride ?? plan.inputs.modelDir, options.root, env);
  // A spec whose tokenizer is the model dir keeps following it when the model dir is overridden.
  const tokenizerSource = tokenizerOverride ?? (modelOverride && plan.inputs.tokenizerDir === plan.inputs.modelDir ? modelOverride : plan.inputs.tokenizerDir);
  const tokenizerDir = resolveInputPath(tokenizerSource ?? plan.inputs.modelDir, options.root, env);
  const { revision, hfRepo } = plan.inputs;
  // The quantize step's calibration dataset: a host directory like the weights (no override).
  const calibDataset = plan.inputs.calibDataset === undefined ? undefined : resolveInputPath(plan.inputs.calibDataset, options.root, env);
  return { modelDir, tokenizerDir, ...(revision ? { revision } : {}), ...(hfRepo ? { hfRepo } : {}), ...(calibDataset ? { calibDataset } : {}) };
}

/** Loads the plan and resolves runtime, store and inputs. Throws RunnerError (plan missing, no runtime…). */
export async function createRunContext(options: RunOptions): Promise<RunContext> {
  const env = options.env ?? process.env;
  const root = resolve(options.root);
  const planPath = options.planPath ? resolve(options.planPath) : join(root, 'generated', options.model, 'plan.json');
  const plan = await loadPlan(planPath, options.model);
  const runtimeName = options.runtime ?? ((env.TRTFORGE_RUNTIME as RuntimeName | 'auto' | undefined) || 'auto');
  const runtime = await resolveRuntime(runtimeName, { env, ...(options.runtimeOverrides ? { overrides: options.runtimeOverrides } : {}) });
  const store = new Store(resolve(options.store ?? defaultStoreRoot(env)));
  const stateDir = resolve(options.stateDir ?? join(root, dirname(plan.spec), '.trtforge'));
  const dryRun = options.dryRun ?? false;
  const staleMs = lockStaleMs(env);
  const sources = new Map<SourceName, Promise<SourceCheckout>>();
  const ctx: RunContext = {
    plan,
    root,
    generatedDir: dirname(planPath),
    stateDir,
    store,
    runtime,
    env,
    dryRun,
    remote: remoteTierFromEnv(env, store),
    noPush: options.noPush ?? false,
    signal: options.signal,
    inputs: resolveInputs(plan, options, env),
    probes: createProbes(runtime, env),
    memo: store.memo(!dryRun),
    lockStaleMs: staleMs,
    sourceOverrides: options.sources ?? {},
    outcomes: new Map(),
    source(name) {
      let checkout = sources.get(name);
      if (!checkout) {
        const userPath = options.sources?.[name];
        const onReport = (message: string): void => ctx.emit({ type: 'notice', message });
        checkout = resolveSource(name, plan.sources[name], { store, env, dryRun, lockStaleMs: staleMs, onReport, ...(userPath ? { userPath } : {}), ...(options.signal ? { signal: options.signal } : {}) }).then((resolved) => {
          // A clone is a command this run ran (or, in dry-run, would run): report it like the others.
          if (resolved.command) ctx.emit({ type: 'command', step: 'source', argv: resolved.command });
          return resolved;
        });
        sources.set(name, checkout);
      }
      return checkout;
    },
    logPath: (step) => join(stateDir, 'logs', `${step}.log`),
    secrets() {
      const names = new Set([plan.steps.convert, plan.steps.build, ...Object.values(plan.serve.modes), ...Object.values(plan.bench ?? {})].flatMap((s) => s.passEnv));
      return secretValues(env, names);
    },
    emit: (event) => options.onEvent?.(event),
  };
  return ctx;
}
