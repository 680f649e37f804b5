import type { ServeStep } from '@trtforge/spec';
import { describe, expect, it } from 'vitest';
import { ClientError, parsePlanServe, targetFromServeStep, targetFromUrl, withServedModel, type ServeEndpointInfo } from '../src/index.js';

/** The serve steps the compiler writes for qwen2.5-0.5b (trimmed to what a client reads). */
const triton: ServeEndpointInfo = {
  mode: 'triton',
  host: '127.0.0.1',
  ports: { http: 8000, grpc: 8001, metrics: 8002 },
  ready: { port: 8000, path: '/v2/health/ready' },
  endpoints: [
    { kind: 'generate', url: 'http://127.0.0.1:8000/v2/models/ensemble/generate' },
    { kind: 'generate_stream', url: 'http://127.0.0.1:8000/v2/models/ensemble/generate_stream' },
  ],
};
const openai: ServeEndpointInfo = {
  mode: 'openai',
  host: '0.0.0.0',
  ports: { openai: 9000 },
  ready: { port: 9000, path: '/health/ready' },
  endpoints: [
    { kind: 'chat', url: 'http://0.0.0.0:9000/v1/chat/completions' },
    { kind: 'completions', url: 'http://0.0.0.0:9000/v1/completions' },
  ],
};

describe('targetFromServeStep', () => {
  it('takes endpoints, readiness and the Triton model from the plan', () => {
    expect(targetFromServeStep(triton)).toEqual({
      mode: 'triton',
      origin: 'http://127.0.0.1:8000',
      readyUrl: 'http://127.0.0.1:8000/v2/health/ready',
      endpoints: {
        generate: 'http://127.0.0.1:8000/v2/models/ensemble/generate',
        generate_stream: 'http://127.0.0.1:8000/v2/models/ensemble/generate_stream',
      },
      model: 'ensemble',
    });
  });

  it('connects to loopback when the server binds all interfaces', () => {
    const target = targetFromServeStep(openai);
    expect(target.origin).toBe('http://127.0.0.1:9000');
    expect(target.readyUrl).toBe('http://127.0.0.1:9000/health/ready');
    expect(target.model).toBeUndefined(); // asked of /v1/models at request time
  });

  it('moves the plan\'s endpoints to the origin given by --url', () => {
    const target = targetFromServeStep(triton, 'http://gpu-box:8100');
    expect(target.endpoints.generate_stream).toBe('http://gpu-box:8100/v2/models/ensemble/generate_stream');
    expect(target.readyUrl).toBe('http://gpu-box:8100/v2/health/ready');
  });

  it('accepts a whole ServeStep', () => {
    const step = { ...triton, id: 'serve', title: 't', image: 'i', workdir: '/', mounts: [], env: {}, passEnv: [], argv: [], gpus: 'none' } satisfies ServeStep;
    expect(targetFromServeStep(step).mode).toBe('triton');
  });
});

describe('targetFromUrl', () => {
  it('derives mode and model from a full KServe endpoint URL', () => {
    const target = targetFromUrl('localhost:8000/v2/models/tensorrt_llm_bls/generate_stream');
    expect(target).toMatchObject({ mode: 'triton', model: 'tensorrt_llm_bls', origin: 'http://localhost:8000' });
    expect(target.endpoints.generate).toBe('http://localhost:8000/v2/models/tensorrt_llm_bls/generate');
  });

  it('needs a mode for a bare origin', () => {
    expect(() => targetFromUrl('http://127.0.0.1:8000')).toThrow(/pass --mode/);
    expect(targetFromUrl('http://127.0.0.1:8000', 'trtllm-serve').readyUrl).toBe('http://127.0.0.1:8000/health');
  });

  it('rejects garbage with a BAD_TARGET error', () => {
    expect(() => targetFromUrl('http://exa mple:x', 'triton')).toThrow(ClientError);
  });

  it('re-addresses another Triton model with withServedModel', () => {
    const target = withServedModel(targetFromServeStep(triton), 'tensorrt_llm_bls');
    expect(target.endpoints.generate).toBe('http://127.0.0.1:8000/v2/models/tensorrt_llm_bls/generate');
  });
});

describe('parsePlanServe', () => {
  const plan = {
    format: 1,
    model: 'qwen2.5-0.5b',
    inputs: { modelDir: '/models/Qwen2.5-0.5B-Instruct', tokenizerDir: '/models/Qwen2.5-0.5B-Instruct' },
    steps: { build: { argv: ['trtllm-build', '--max_batch_size', '20', '--max_input_len', '10240'] } },
    serve: { selected: 'triton', modes: { triton: { ...triton, id: 'serve', argv: ['tritonserver'] }, openai } },
  };

  it('narrows the serve section, inputs and the build max_input_len', () => {
    const info = parsePlanServe(plan, 'generated/qwen2.5-0.5b/plan.json');
    expect(info).toMatchObject({ deployment: 'qwen2.5-0.5b', selected: 'triton', maxInputLen: 10240, tokenizerDir: '/models/Qwen2.5-0.5B-Instruct' });
    expect(Object.keys(info.modes)).toEqual(['triton', 'openai']);
  });

  it('names the missing field of a stale plan', () => {
    const stale = { ...plan, serve: { selected: 'trtllm-serve', modes: { triton } } };
    expect(() => parsePlanServe(stale, 'generated/x/plan.json')).toThrow(
      'generated/x/plan.json: serve.modes.trtllm-serve (the selected mode) is missing; recompile with `trtforge compile <model>`',
    );
  });

  it('rejects a malformed endpoint', () => {
    const bad = { ...plan, serve: { selected: 'triton', modes: { triton: { ...triton, endpoints: [{ kind: 'infer', url: 'x' }] } } } };
    expect(() => parsePlanServe(bad, 'p.json')).toThrow(/serve\.modes\.triton\.endpoints\[0\]/);
  });
});
