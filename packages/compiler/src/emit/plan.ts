import { PLAN_FORMAT_VERSION, type Plan, type PlanSources } from '@trtforge/spec';
import type { BackendData } from '../backend/backend-data.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';
import { benchSteps } from './bench.js';
import { convertTableOf, planFamily } from './convert-argv.js';
import { serveModes } from './serve-modes.js';
import { sizingOf } from './sizing.js';
import { buildStep } from './steps.js';
import { checkpointScript, checkpointStep, planCalibDataset, planPrecision, quantizedSizing } from './quantize-step.js';

/** Python model directories the runner copies from the pinned backend checkout (never vendored here). */
const PYTHON_MODELS = ['preprocessing', 'postprocessing', 'tensorrt_llm', 'tensorrt_llm_bls'] as const;

export function emitPlan(spec: ResolvedModelSpec, backend: BackendData, generator: string, specPath: string): Plan {
  const src = backend.versions.sources;
  const sources: PlanSources = {
    tensorrtllm: { ...src.tensorrtllm, paths: [checkpointScript(spec, backend)] },
    backend: { ...src.backend, paths: PYTHON_MODELS.map((m) => `all_models/inflight_batcher_llm/${m}/1`) },
    server: { ...src.server, paths: ['python/openai'] },
  };
  const modes = serveModes(spec);
  return {
    format: PLAN_FORMAT_VERSION,
    generator,
    model: spec.name,
    spec: specPath,
    image: spec.runtime.image,
    versions: { tensorrtllm: backend.versions.tensorrtllm, backend: backend.version, triton: backend.versions.triton },
    sources,
    parallelism: { ...spec.parallelism },
    inputs: {
      modelDir: spec.source.modelDir,
      tokenizerDir: spec.source.tokenizerDir,
      ...(spec.source.revision ? { revision: spec.source.revision } : {}),
      ...(spec.source.hfRepo ? { hfRepo: spec.source.hfRepo } : {}),
      ...(planCalibDataset(spec) ? { calibDataset: planCalibDataset(spec)! } : {}),
    },
    steps: { convert: checkpointStep(spec, backend), build: buildStep(spec, backend) },
    assemble: {
      configs: 'triton_model_repo',
      copy: PYTHON_MODELS.map((m) => ({ from: `all_models/inflight_batcher_llm/${m}/1`, to: `${m}/1` })),
      mkdir: ['ensemble/1'],
    },
    serve: { selected: spec.serve.mode, modes },
    bench: benchSteps(spec, modes),
    sizing: quantizedSizing(sizingOf(spec, backend), spec),
    family: planFamily(spec, backend),
    ...(planPrecision(spec) ? { precision: planPrecision(spec)! } : {}),
  };
}
