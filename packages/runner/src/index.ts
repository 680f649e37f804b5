/**
 * @trtforge/runner: runs a compiled plan (generated/<name>/plan.json) — convert → build →
 * assemble → serve — in docker, podman or locally, with a content-addressed store of results.
 */
export { createRunContext, resolveInputPath, resolveInputs, type RunContext, type RunOptions } from './context.js';
export { RunnerError, InterruptedError, isRunnerError } from './errors.js';
export { filesystemError } from './fs-errors.js';
export type { RunEvent, StepId } from './events.js';
export { loadPlan, SUPPORTED_PLAN_FORMAT } from './plan/load-plan.js';

export { runStep, type CachedStepId } from './steps/run-step.js';
export { checkpointValidator, engineValidator } from './steps/validate-output.js';
export type { StepOutcome } from './steps/outcome.js';
export { convertKey, buildKey } from './steps/keys.js';
export { assembleRepository, verifyRepository } from './assemble.js';
export { repositoryKey, validateRepository } from './assemble.js';
export { serve, prepareServe, startServer, selectServeStep, type ServeOptions, type ServeResult, type ServePreparation } from './serve.js';
export { runBench, selectBenchStep, type BenchOptions, type BenchResult, type GenaiPerfMetric } from './bench.js';
export { doctor, preflight, formatDoctorReport, type DoctorCheck, type DoctorReport, type DoctorOptions, type CheckStatus } from './doctor/doctor.js';

export { resolveRuntime, createRuntime, parseRuntimeName, RUNTIME_NAMES } from './runtime/resolve.js';
export type { ContainerRuntime, RuntimeName, ProcessSpec, ResolvedMount } from './runtime/types.js';
export { runtimeOptionsFromEnv, parseFlagList, type RuntimeOptions } from './runtime/options.js';
export { dockerGpuArgs } from './runtime/docker.js';
export { podmanGpuArgs } from './runtime/podman.js';
export { containerRunArgs } from './runtime/container-args.js';
export { PathMap } from './runtime/path-map.js';

export { collectGarbage, registerRoot, type GcEntry, type GcResult } from './store/gc.js';
export { Store, defaultStoreRoot, type StoreEntry, type EntryMeta } from './store/store.js';
export { verifyStore, type VerifiedEntry, type VerifyOptions } from './store/verify.js';
export { formatDamage, type Damage, type EntryFile } from './store/integrity.js';
export type { Lookup, QuarantinedEntry } from './store/store.js';
export { withLock, lockHolder, lockStaleMs, describeHolder, type LockRecord } from './store/lock.js';
export { withGpuLock, gpuLockPath } from './store/gpu-lock.js';
export { currentOwner, ownerState, type Owner } from './store/owner.js';
export { composeKey, diffComponents, describeChange, KEY_FORMAT, type StepKey, type ComponentChange } from './store/key.js';
export { canonicalJson } from './store/canonical-json.js';
export { readManifest, manifestPath, linkOutput, type StepManifest } from './store/manifest.js';
export { weightsIdentity } from './store/weights.js';
export { SOURCE_ENV, type SourceName } from './sources/checkout.js';

export { formatSummary } from './summary.js';
export { Progress, type ProgressStep } from './ui/progress.js';

export { runBenchSweep, type BenchSweepOptions, type BenchSweepResult } from './bench-runs/sweep.js';
export { selectStoredRuns, readStoredRun, listStoredRunIds, benchRunsDir, type StoredBenchRun } from './bench-runs/stored-runs.js';
export { checkBenchRunManifest, BENCH_RUN_MANIFEST_SCHEMA, GENAI_PERF_EXPORTS, type BenchRunManifest, type BenchGpu } from './bench-runs/manifest.js';
export { OciTier, type RemoteEntry, type TransferResult } from './store/remote/oci-tier.js';
export { parseRemote, entryReference, entryTag, describeRemote, REMOTE_ENV, type RemoteTarget } from './store/remote/reference.js';
export { remoteTierFromEnv, type EntryTier } from './store/remote/tier.js';
export { describeTransfer, pullStepEntry } from './steps/remote-step.js';
export { freePort } from './free-port.js';
export { recordOutcome } from './steps/run-step.js';
