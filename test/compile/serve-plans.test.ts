import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Plan, ServeModeName } from '@trtforge/spec';
import { compileSpecs } from '@trtforge/compiler';
import { REFERENCE, ROOT } from '../helpers/paths.js';

type RefOption = { flag: string; type: string; choices: unknown[] | null; aliases?: string[] };
const options = (file: string) => new Map((JSON.parse(readFileSync(`${REFERENCE}${file}`, 'utf8')) as { options: RefOption[] }).options.flatMap((o) => [[o.flag, o], ...(o.aliases ?? []).map((a) => [a, o] as const)]));
const TRTLLM_SERVE = options('trtllm-0.17/trtllm-serve.json');
const OPENAI = options('triton-25.01/openai_frontend.json');
const CONVERT = options('trtllm-0.17/convert_checkpoint.qwen.json');
const GENAI_PERF = options('triton-25.01/genai-perf.json');
const LAUNCH = JSON.parse(readFileSync(`${REFERENCE}triton-25.01/launch_triton_server.json`, 'utf8')) as { command_built: { per_rank_segment_order: string[] } };

const SHAPES = [
  { label: '1 GPU', tp: 1, pp: 1 },
  { label: 'TP=2', tp: 2, pp: 1 },
  { label: 'TP=4', tp: 4, pp: 1 },
  { label: 'TP=2×PP=2', tp: 2, pp: 2 },
] as const;
const MODES: ServeModeName[] = ['triton', 'trtllm-serve', 'openai'];

const dir = mkdtempSync(join(ROOT, 'test/golden/.tmp-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function planFor(tp: number, pp: number, mode: ServeModeName, host?: string): Plan {
  const name = `s-${mode}-${tp}x${pp}${host ? '-h' : ''}`.replace(/\./g, '');
  mkdirSync(join(dir, name), { recursive: true });
  const file = join(dir, name, 'model.ts');
  const gpuIds = Array.from({ length: tp * pp }, (_, i) => i + 2);
  writeFileSync(file, `import { defineModel } from '@trtforge/spec';
export default defineModel({
  name: '${name}', source: { modelDir: '/models/q' },
  parallelism: { tp: ${tp}, pp: ${pp}, gpuIds: ${JSON.stringify(gpuIds)} },
  build: { maxBatchSize: 8 }, triton: { excludeInputInOutput: true },
  serve: { mode: '${mode}'${host ? `, host: '${host}', exposeOnAllInterfaces: true` : ''} },
});
`);
  const [r] = compileSpecs([file], { root: ROOT });
  const errors = r!.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !r!.files) throw new Error(JSON.stringify(errors));
  return JSON.parse(r!.files['plan.json']!) as Plan;
}

/** Checks `--flag value` / `--flag=value` tokens against a tool's option table. */
function expectValidArgv(table: Map<string, RefOption>, args: string[]) {
  for (let i = 0; i < args.length; i++) {
    const tok = args[i]!;
    if (!tok.startsWith('--')) continue;
    const [flag, inline] = tok.split('=', 2) as [string, string | undefined];
    const opt = table.get(flag);
    expect(opt, `${flag} is an option of the real tool`).toBeDefined();
    const takesValue = !(opt!.type === 'flag' || opt!.type.startsWith('bool'));
    const value = inline ?? (takesValue ? args[++i] : undefined);
    if (takesValue) expect(value, `${flag} has a value`).toBeDefined();
    if (opt!.type === 'int') expect(value).toMatch(/^\d+$/);
    if (opt!.choices) expect(opt!.choices).toContain(value);
  }
}

describe.each(SHAPES)('plans for $label', ({ tp, pp }) => {
  const world = tp * pp;
  it.each(MODES)('%s', (mode) => {
    const plan = planFor(tp, pp, mode);
    const serve = plan.serve.modes[mode];
    expect(plan.serve.selected).toBe(mode);
    expect(plan.parallelism.worldSize).toBe(world);
    // CUDA_VISIBLE_DEVICES lists exactly the spec's GPUs, everywhere.
    const visible = Array.from({ length: world }, (_, i) => i + 2).join(',');
    for (const step of [plan.steps.convert, plan.steps.build, serve]) expect(step.env.CUDA_VISIBLE_DEVICES).toBe(visible);
    // The converter shards for the same world.
    const conv = plan.steps.convert.argv;
    expectValidArgv(CONVERT, conv.slice(2));
    if (tp > 1) expect(conv.slice(conv.indexOf('--tp_size'), conv.indexOf('--tp_size') + 2)).toEqual(['--tp_size', String(tp)]);
    if (pp > 1) expect(conv.slice(conv.indexOf('--pp_size'), conv.indexOf('--pp_size') + 2)).toEqual(['--pp_size', String(pp)]);

    if (mode === 'triton') {
      if (world === 1) expect(serve.argv[0]).toBe('tritonserver');
      else {
        // launch_triton_server.py's shape: mpirun, one `-n 1 tritonserver … :` segment per rank.
        expect(serve.argv.slice(0, 2)).toEqual(['mpirun', '--allow-run-as-root']);
        const segments = serve.argv.slice(2).join(' ').split(' : ').map((s) => s.replace(/ :$/, ''));
        expect(segments).toHaveLength(world);
        segments.forEach((seg, rank) => {
          expect(seg.startsWith('-n 1 tritonserver --model-repository=')).toBe(true);
          expect(seg).toContain(`--backend-config=python,shm-region-prefix-name=prefix${rank}_`);
          expect(seg.includes('--load-model=tensorrt_llm')).toBe(rank > 0);
          expect(seg).toContain('--disable-auto-complete-config');
        });
        expect(LAUNCH.command_built.per_rank_segment_order.at(-1)).toBe(':');
      }
    }
    if (mode === 'trtllm-serve') {
      expect(serve.argv[0]).toBe('trtllm-serve');
      expectValidArgv(TRTLLM_SERVE, serve.argv.slice(2));
      if (tp > 1) expect(serve.argv).toContain('--tp_size');
    }
    if (mode === 'openai') {
      expectValidArgv(OPENAI, serve.argv.slice(2));
      expect(serve.argv[1]).toMatch(/openai_frontend\/main\.py$/);
      // Multi-GPU only in orchestrator mode at r25.01 (no mpirun).
      expect(serve.env.TRTLLM_ORCHESTRATOR).toBe(world > 1 ? '1' : undefined);
      expect(serve.argv[0]).toBe('python3');
    }

    // The benchmark of this mode: genai-perf's real options, aimed at the port the server listens on, no GPU.
    const bench = plan.bench[mode];
    expect(bench.argv.slice(0, 2)).toEqual(['genai-perf', 'profile']);
    expectValidArgv(GENAI_PERF, bench.argv.slice(2));
    expect(bench.gpus).toBe('none');
    expect(bench.image).toBe('nvcr.io/nvidia/tritonserver:25.01-py3-sdk');
    const target = bench.argv[bench.argv.indexOf('--url') + 1];
    const port = { triton: serve.ports.grpc, 'trtllm-serve': serve.ports.http, openai: serve.ports.openai }[mode];
    expect(target).toBe(`127.0.0.1:${port}`);
    expect(bench.argv[bench.argv.indexOf('--model') + 1]).toBe(serve.model);
    expect(bench.argv.includes('--endpoint-type')).toBe(mode !== 'triton');
  });
});

describe('bench plans', () => {
  it('stream only where the server can (a non-decoupled Triton model refuses stream=true)', () => {
    const streaming = (mode: ServeModeName) => planFor(1, 1, mode).bench[mode].argv.includes('--streaming');
    // planFor's spec is not decoupled (streaming unset)
    expect(streaming('triton')).toBe(false);
    expect(streaming('openai')).toBe(false);
    expect(streaming('trtllm-serve')).toBe(true);
  });

  it('a server bound to every interface is benchmarked through loopback', () => {
    const bench = planFor(1, 1, 'triton', '0.0.0.0').bench.triton;
    expect(bench.argv).toEqual(expect.arrayContaining(['--url', '127.0.0.1:8001', '--server-metrics-url', 'http://127.0.0.1:8002/metrics']));
  });
});

describe('bind addresses', () => {
  const addressValues = (argv: string[]) => argv.flatMap((t, i) =>
    /^--(http|grpc|metrics)-address=/.test(t) ? [t.split('=')[1]!] : t === '--host' ? [argv[i + 1]!] : []);

  it.each(MODES)('%s binds 127.0.0.1 by default, never 0.0.0.0', (mode) => {
    const serve = planFor(1, 1, mode).serve.modes[mode];
    const addresses = addressValues(serve.argv);
    expect(addresses.length).toBeGreaterThan(0);
    expect(new Set(addresses)).toEqual(new Set(['127.0.0.1']));
    expect(JSON.stringify(serve)).not.toContain('0.0.0.0');
  });

  it('binds another address only when the spec asks', () => {
    const serve = planFor(1, 1, 'triton', '0.0.0.0').serve.modes.triton;
    expect(new Set(addressValues(serve.argv))).toEqual(new Set(['0.0.0.0']));
  });
});

describe('the seed’s 32B TP=4 example', () => {
  it('compiles to the seed’s intent: 4 shards, GPUs 4–7, mpirun with 4 ranks', () => {
    const plan = JSON.parse(readFileSync(join(ROOT, 'generated/qwen2.5-32b-tp4/plan.json'), 'utf8')) as Plan;
    expect(plan.steps.convert.argv).toEqual(expect.arrayContaining(['--tp_size', '4', '--dtype', 'float16']));
    expect(plan.serve.modes.triton.env.CUDA_VISIBLE_DEVICES).toBe('4,5,6,7');
    expect(plan.serve.modes.triton.argv.filter((t) => t === 'tritonserver')).toHaveLength(4);
  });
});
