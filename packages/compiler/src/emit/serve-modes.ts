import type { PlanMount, ServeModeName, ServeStep } from '@trtforge/spec';
import { SERVED_MODEL_DIR, SOURCE_MOUNTS } from '../container-layout.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';
import { baseEnv } from './steps.js';

/** The model BLS/ensemble pipeline Triton's OpenAI frontend and `infer` address by default. */
const TRITON_TEXT_MODEL = 'ensemble';

function url(host: string, port: number, path: string): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}${path}`;
}

function repoMounts(spec: ResolvedModelSpec): PlanMount[] {
  const { paths } = spec.runtime;
  return [
    { source: { kind: 'modelRepo' }, target: paths.modelRepo, readOnly: true },
    { source: { kind: 'step', step: 'build' }, target: paths.engineDir, readOnly: true },
    { source: { kind: 'input', name: 'tokenizerDir' }, target: paths.tokenizerDir, readOnly: true },
  ];
}

/**
 * tritonserver on the generated repository. For tp×pp > 1 it is the mpirun line
 * launch_triton_server.py builds: rank 0 serves the whole repository, ranks ≥ 1 load only
 * tensorrt_llm in explicit mode, each rank with its own python shm region prefix.
 */
function tritonMode(spec: ResolvedModelSpec): ServeStep {
  const { host, ports } = spec.serve;
  const world = spec.parallelism.worldSize;
  const rankArgs = (rank: number) => [
    'tritonserver',
    `--model-repository=${spec.runtime.paths.modelRepo}`,
    ...(rank > 0 ? ['--model-control-mode=explicit', `--load-model=${spec.triton.bls?.tensorrtLlmModelName ?? 'tensorrt_llm'}`] : []),
    `--http-address=${host}`, `--http-port=${ports.http}`,
    `--grpc-address=${host}`, `--grpc-port=${ports.grpc}`,
    `--metrics-address=${host}`, `--metrics-port=${ports.metrics}`,
    '--disable-auto-complete-config',
    `--backend-config=python,shm-region-prefix-name=prefix${rank}_`,
  ];
  const argv = world === 1
    ? rankArgs(0)
    : ['mpirun', '--allow-run-as-root', ...Array.from({ length: world }, (_, r) => ['-n', '1', ...rankArgs(r), ':']).flat()];
  return {
    id: 'serve', mode: 'triton',
    title: world === 1 ? 'tritonserver' : `tritonserver under mpirun (world size ${world})`,
    image: spec.runtime.image, workdir: '/', mounts: repoMounts(spec), env: baseEnv(spec), passEnv: [], argv,
    gpus: spec.parallelism.gpuIds,
    host, ports: { http: ports.http, grpc: ports.grpc, metrics: ports.metrics },
    ready: { port: ports.http, path: '/v2/health/ready' },
    model: TRITON_TEXT_MODEL,
    // A decoupled model answers only the streaming endpoint ("expects model to produce exactly 1 response").
    endpoints: [spec.triton.decoupled
      ? { kind: 'generate_stream', url: url(host, ports.http, `/v2/models/${TRITON_TEXT_MODEL}/generate_stream`) }
      : { kind: 'generate', url: url(host, ports.http, `/v2/models/${TRITON_TEXT_MODEL}/generate`) }],
  };
}

/** trtllm-serve (OpenAI-compatible) on the engine, the checkpoint or the HF directory. */
function trtllmServeMode(spec: ResolvedModelSpec): ServeStep {
  const { host, ports, trtllmServeFrom } = spec.serve;
  const { paths } = spec.runtime;
  const { tp, pp } = spec.parallelism;
  // MODEL is mounted at a directory named after the deployment: trtllm-serve serves it under that name.
  const model = `${SERVED_MODEL_DIR}/${spec.name}`;
  const mounts: PlanMount[] = trtllmServeFrom === 'engine'
    ? [{ source: { kind: 'step', step: 'build' }, target: model, readOnly: true }]
    : trtllmServeFrom === 'checkpoint'
      ? [{ source: { kind: 'step', step: 'convert' }, target: model, readOnly: true }]
      : [{ source: { kind: 'input', name: 'modelDir' }, target: model, readOnly: true }];
  mounts.push({ source: { kind: 'input', name: 'tokenizerDir' }, target: paths.tokenizerDir, readOnly: true });
  // Limits only matter when trtllm-serve builds the engine itself (checkpoint / HF input).
  const buildsItself = trtllmServeFrom !== 'engine';
  const b = spec.build;
  const argv = [
    'trtllm-serve', model,
    '--tokenizer', paths.tokenizerDir,
    '--host', host, '--port', String(ports.http),
    ...(buildsItself ? ['--max_batch_size', String(b.maxBatchSize), '--max_num_tokens', String(b.maxNumTokens), '--max_beam_width', String(b.maxBeamWidth)] : []),
    ...(buildsItself && b.maxSeqLen !== undefined ? ['--max_seq_len', String(b.maxSeqLen)] : []),
    ...(tp > 1 ? ['--tp_size', String(tp)] : []),
    ...(pp > 1 ? ['--pp_size', String(pp)] : []),
    ...(spec.triton.kvCache?.freeGpuMemFraction !== undefined
      ? ['--kv_cache_free_gpu_memory_fraction', String(spec.triton.kvCache.freeGpuMemFraction)] : []),
  ];
  return {
    id: 'serve', mode: 'trtllm-serve', title: `trtllm-serve from the ${trtllmServeFrom}`,
    image: spec.runtime.image, workdir: '/', mounts, env: baseEnv(spec), passEnv: [], argv,
    gpus: spec.parallelism.gpuIds,
    host, ports: { http: ports.http },
    ready: { port: ports.http, path: '/health' },
    // trtllm-serve names the model after its MODEL directory: the deployment name.
    model: spec.name,
    endpoints: [
      { kind: 'chat', url: url(host, ports.http, '/v1/chat/completions') },
      { kind: 'completions', url: url(host, ports.http, '/v1/completions') },
    ],
  };
}

/**
 * Triton's OpenAI-compatible frontend (r25.01, beta) from the pinned server checkout. It starts
 * Triton in-process; multi-GPU works only in orchestrator mode (TRTLLM_ORCHESTRATOR=1), not
 * under mpirun, per the frontend's README at r25.01.
 */
function openaiMode(spec: ResolvedModelSpec): ServeStep {
  const { host, ports } = spec.serve;
  const { paths } = spec.runtime;
  const frontend = `${SOURCE_MOUNTS.server}/python/openai`;
  const env = { ...baseEnv(spec), ...(spec.parallelism.worldSize > 1 ? { TRTLLM_ORCHESTRATOR: '1' } : {}) };
  return {
    id: 'serve', mode: 'openai', title: "Triton's OpenAI-compatible frontend",
    image: spec.runtime.image, workdir: frontend,
    mounts: [...repoMounts(spec), { source: { kind: 'source', name: 'server' }, target: SOURCE_MOUNTS.server, readOnly: true }],
    env, passEnv: [],
    argv: [
      'python3', `${frontend}/openai_frontend/main.py`,
      '--model-repository', paths.modelRepo,
      '--tokenizer', paths.tokenizerDir,
      '--host', host,
      '--openai-port', String(ports.openai),
    ],
    gpus: spec.parallelism.gpuIds,
    host, ports: { openai: ports.openai },
    ready: { port: ports.openai, path: '/health/ready' },
    model: spec.serve.openaiModel,
    endpoints: [
      { kind: 'chat', url: url(host, ports.openai, '/v1/chat/completions') },
      { kind: 'completions', url: url(host, ports.openai, '/v1/completions') },
    ],
  };
}

export function serveModes(spec: ResolvedModelSpec): Record<ServeModeName, ServeStep> {
  return { triton: tritonMode(spec), 'trtllm-serve': trtllmServeMode(spec), openai: openaiMode(spec) };
}
