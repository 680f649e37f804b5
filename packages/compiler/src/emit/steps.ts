import { DEFAULTS, type PlanMount, type PlanStep } from '@trtforge/spec';
import type { BackendData } from '../backend/backend-data.js';
import { OUTPUT_DIR, SOURCE_MOUNTS } from '../container-layout.js';
import { getPath } from '../resolve/resolve.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';
import { convertArgv } from './convert-argv.js';
import { flagsFromTable } from './flags.js';

/** Environment every step gets: the image never reaches for the Hugging Face Hub. */
export function baseEnv(spec: ResolvedModelSpec): Record<string, string> {
  return {
    CUDA_VISIBLE_DEVICES: spec.parallelism.gpuIds.join(','),
    HF_HUB_OFFLINE: '1',
    TRANSFORMERS_OFFLINE: '1',
  };
}

/** A field's static default (spec DEFAULTS, which for flag-mapped fields are the tool's own defaults). */
const staticDefault = (path: string) => getPath(DEFAULTS, path);

/** The fields every tool step shares: the spec's image and GPUs, offline env, output dir as working dir. */
export function toolStep(spec: ResolvedModelSpec, step: Pick<PlanStep, 'id' | 'title' | 'mounts' | 'argv' | 'cacheKey'>): PlanStep {
  return {
    id: step.id,
    title: step.title,
    image: spec.runtime.image,
    workdir: OUTPUT_DIR,
    mounts: step.mounts,
    env: baseEnv(spec),
    passEnv: [],
    argv: step.argv,
    gpus: spec.parallelism.gpuIds,
    outputDir: OUTPUT_DIR,
    cacheKey: step.cacheKey,
  };
}

/** What a checkpoint (convert or quantize output) depends on besides its argv: image, TensorRT-LLM and its source, the weights' revision. */
export function checkpointKeyBase(spec: ResolvedModelSpec, backend: BackendData): Record<string, unknown> {
  return {
    image: spec.runtime.image,
    tensorrtllm: backend.versions.tensorrtllm,
    source: backend.versions.sources.tensorrtllm,
    ...(spec.source.revision ? { revision: spec.source.revision } : {}),
  };
}

export function convertStep(spec: ResolvedModelSpec, backend: BackendData): PlanStep {
  const { paths } = spec.runtime;
  const { script, argv, keyed } = convertArgv(spec, backend);
  const mounts: PlanMount[] = [
    { source: { kind: 'input', name: 'modelDir' }, target: paths.modelDir, readOnly: true },
    { source: { kind: 'source', name: 'tensorrtllm' }, target: SOURCE_MOUNTS.tensorrtllm, readOnly: true },
    { source: { kind: 'output' }, target: OUTPUT_DIR, readOnly: false },
  ];
  return toolStep(spec, {
    id: 'convert',
    title: `convert ${spec.source.modelDir} → TRT-LLM checkpoint (${script})`,
    mounts,
    argv,
    cacheKey: { ...checkpointKeyBase(spec, backend), argv: keyed },
  });
}

export function buildStep(spec: ResolvedModelSpec, backend: BackendData): PlanStep {
  const { paths } = spec.runtime;
  const fixed = ['trtllm-build', '--checkpoint_dir', paths.checkpointDir, '--output_dir', OUTPUT_DIR];
  const argv = [...fixed, ...flagsFromTable(backend.buildFlags, spec, staticDefault)];
  return toolStep(spec, {
    id: 'build',
    title: `trtllm-build → engine (max batch ${spec.build.maxBatchSize}, max input ${spec.build.maxInputLen}, ${spec.build.kvCacheType} KV cache)`,
    mounts: [
      { source: { kind: 'step', step: 'convert' }, target: paths.checkpointDir, readOnly: true },
      { source: { kind: 'output' }, target: OUTPUT_DIR, readOnly: false },
    ],
    argv,
    cacheKey: {
      image: spec.runtime.image,
      tensorrtllm: backend.versions.tensorrtllm,
      argv: [...fixed, ...flagsFromTable(backend.buildFlags, spec, staticDefault, { keyedOnly: true })],
    },
  });
}
