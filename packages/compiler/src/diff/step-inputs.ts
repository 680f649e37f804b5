import type { Plan, PlanStep, ServeStep } from '@trtforge/spec';
import type { FileMap } from '../emit/file-map.js';

/**
 * The spec-side half of each runner key, read from a plan (and the compiled configs), component
 * by component under the names the runner gives them. The runner composes its keys in
 * packages/runner/src/steps/keys.ts (convert, build) and packages/runner/src/assemble.ts (repo);
 * it adds what only the host knows — the image's local id, the weights' file hashes, the GPUs'
 * compute capability, the backend checkout's file hashes — and those are represented here by
 * what the spec decides about them (the image ref, the weights' revision and directory, the GPU
 * ids, the backend ref). test/compile/diff-matrix.test.ts checks the verdicts against what the
 * runner then does on the stand-in tools.
 */
export interface StepInputs {
  convert: Record<string, unknown>;
  build: Record<string, unknown>;
  repo: Record<string, unknown>;
  serve: Record<string, unknown>;
}

export type CachedStep = keyof StepInputs;
export const STEP_ORDER: readonly CachedStep[] = ['convert', 'build', 'repo', 'serve'];

/** Refs of the NVIDIA checkouts a step mounts (as the runner's `sourceRefs`). */
function sourceRefs(plan: Plan, step: PlanStep): Record<string, string> {
  const refs: Record<string, string> = {};
  for (const m of step.mounts) if (m.source.kind === 'source') refs[m.source.name] = plan.sources[m.source.name].ref;
  return refs;
}

/** A serve step without its ports-only noise: everything that decides what the process is. */
function serveIdentity(step: ServeStep): Record<string, unknown> {
  return { mode: step.mode, image: step.image, argv: step.argv, env: step.env, passEnv: step.passEnv, mounts: step.mounts, gpus: step.gpus, workdir: step.workdir };
}

export function stepInputs(plan: Plan, files: FileMap): StepInputs {
  const { convert, build } = plan.steps;
  const prefix = `${plan.assemble.configs}/`;
  const configs = Object.fromEntries(Object.entries(files).filter(([f]) => f.startsWith(prefix)).map(([f, text]) => [f.slice(prefix.length), text] as const).sort((x, y) => x[0].localeCompare(y[0])));
  const serve = plan.serve.modes[plan.serve.selected];
  const usesRepo = serve.mounts.some((m) => m.source.kind === 'modelRepo');
  const usesEngine = serve.mounts.some((m) => m.source.kind === 'step' && m.source.step === 'build');
  return {
    convert: {
      image: convert.image,
      tensorrtllm: plan.versions.tensorrtllm,
      sources: sourceRefs(plan, convert),
      // The runner's weights identity: the pinned revision, else the hashes of the files in modelDir.
      weights: plan.inputs.revision ? { revision: plan.inputs.revision } : { modelDir: plan.inputs.modelDir },
      cacheKey: convert.cacheKey ?? {},
    },
    build: {
      image: build.image,
      sources: sourceRefs(plan, build),
      // The runner keys the compute capability of these GPUs, not their ids.
      gpu: { ids: build.gpus === 'none' ? plan.parallelism.gpuIds : build.gpus },
      cacheKey: build.cacheKey ?? {},
    },
    repo: usesRepo
      ? { configs, backend: { ref: plan.sources.backend.ref, copy: plan.assemble.copy }, mkdir: [...plan.assemble.mkdir].sort() }
      : {},
    serve: { selected: plan.serve.selected, process: serveIdentity(serve), usesRepo, usesEngine },
  };
}
