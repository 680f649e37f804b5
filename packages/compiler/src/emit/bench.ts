import { authority, connectHost, type BenchStep, type ServeModeName, type ServeStep } from '@trtforge/spec';
import { OUTPUT_DIR } from '../container-layout.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';

/** genai-perf's default `--profile-export-file` is profile_export.json; its summary is named after it. */
const SUMMARY = 'profile_export_genai_perf.json';

/** `host:port` genai-perf connects to (it runs on the server's host network). */
const address = (serve: ServeStep, port: number | undefined): string => authority(connectHost(serve.host), port);

/**
 * How genai-perf (r25.01, ../shared/reference/triton-25.01/genai-perf.json) talks to each mode:
 * Triton through KServe gRPC with the TRT-LLM request format (`ensemble` takes text_input /
 * max_tokens / stream); both OpenAI-compatible servers through /v1/chat/completions — the r25.01
 * completions converter sends a list prompt the OpenAI frontend rejects. `--streaming` (stream=true
 * in every request) only where the server can stream: a non-decoupled Triton model refuses it.
 */
function target(spec: ResolvedModelSpec, serve: ServeStep): { args: string[]; streaming: boolean } {
  const { ports } = serve;
  switch (serve.mode) {
    case 'triton':
      return {
        args: [
          '--service-kind', 'triton', '--backend', 'tensorrtllm', '--url', address(serve, ports.grpc),
          '--server-metrics-url', `http://${address(serve, ports.metrics)}/metrics`,
        ],
        streaming: spec.triton.decoupled,
      };
    case 'openai':
      return { args: ['--service-kind', 'openai', '--endpoint-type', 'chat', '--url', address(serve, ports.openai)], streaming: spec.triton.decoupled };
    case 'trtllm-serve':
      return { args: ['--service-kind', 'openai', '--endpoint-type', 'chat', '--url', address(serve, ports.http)], streaming: true };
  }
}

function benchStep(spec: ResolvedModelSpec, serve: ServeStep): BenchStep {
  const { bench } = spec;
  const { paths } = spec.runtime;
  const { args, streaming } = target(spec, serve);
  const argv = [
    'genai-perf', 'profile',
    '--model', serve.model,
    ...args,
    ...(streaming ? ['--streaming'] : []),
    '--tokenizer', paths.tokenizerDir,
    '--synthetic-input-tokens-mean', String(bench.inputTokens), '--synthetic-input-tokens-stddev', '0',
    '--output-tokens-mean', String(bench.outputTokens), '--output-tokens-stddev', '0',
    // Triton's request format has min_length: every answer then has exactly outputTokens tokens.
    ...(serve.mode === 'triton' ? ['--output-tokens-mean-deterministic'] : []),
    '--concurrency', String(bench.concurrency),
    '--request-count', String(bench.requestCount),
    '--warmup-request-count', String(bench.warmupRequests),
    '--artifact-dir', OUTPUT_DIR,
  ];
  return {
    id: 'bench', mode: serve.mode,
    title: `genai-perf at concurrency ${bench.concurrency} against ${serve.title}`,
    image: bench.image, workdir: OUTPUT_DIR,
    mounts: [
      { source: { kind: 'input', name: 'tokenizerDir' }, target: paths.tokenizerDir, readOnly: true },
      { source: { kind: 'output' }, target: OUTPUT_DIR, readOnly: false },
    ],
    // genai-perf loads the tokenizer from the mounted directory; it never needs the Hub.
    env: { HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' },
    passEnv: [],
    argv,
    gpus: 'none',
    outputDir: OUTPUT_DIR,
    summary: SUMMARY,
  };
}

export function benchSteps(spec: ResolvedModelSpec, serve: Record<ServeModeName, ServeStep>): Record<ServeModeName, BenchStep> {
  return { triton: benchStep(spec, serve.triton), 'trtllm-serve': benchStep(spec, serve['trtllm-serve']), openai: benchStep(spec, serve.openai) };
}
