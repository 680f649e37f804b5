import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { supportedBackendVersions } from '@trtforge/compiler';
import { requireShared, ROOT } from '../helpers/paths.js';
import { argvProblems, genaiPerfTable, releaseTable, tritonserverArgvs } from '../helpers/release-tables.js';
import { compileInline } from '../lints/compile-inline.js';
// The stand-ins' own parsers and tables (argparse rules: prefixes, types, choices, required), in process.
import { parseArgs } from '../stand-ins/lib/argparse.mjs';
import { loadConverterTable, releaseTable as standinBuildTable, releaseToolTable } from '../stand-ins/lib/tables.mjs';

/**
 * Every release × family × precision: the spec compiled on that release, and every argv of its plan —
 * convert (or quantize), trtllm-build, tritonserver (each rank), trtllm-serve, Triton's OpenAI frontend
 * and genai-perf — checked against that release's own option table (test/helpers/release-tables.ts says
 * which table that is; nothing here names a version), and the stand-ins playing that release parse the
 * convert, build and OpenAI-frontend argv with their own parsers. A quantization the release's quantize.json does
 * not support for the family (or a release without one) must be refused with TRT184, not emitted.
 */
beforeAll(requireShared);

const RELEASES = supportedBackendVersions();
const FAMILIES = ['qwen', 'llama', 'gemma', 'phi'] as const;
const PRECISIONS = {
  'dtype default': {},
  'bfloat16 tp2': { convert: { dtype: 'bfloat16' }, parallelism: { tp: 2 } },
  // Every family's converter has weight-only int8/int4 (Gemma's as --use-weight-only-with-precision).
  'weight-only int8': { convert: { dtype: 'float16', useWeightOnly: true, weightOnlyPrecision: 'int8' } },
  'weight-only int4': { convert: { dtype: 'bfloat16', useWeightOnly: true, weightOnlyPrecision: 'int4' } },
  'fp8 + fp8 KV': { convert: { dtype: 'bfloat16' }, quantization: { format: 'fp8', kvCacheDtype: 'fp8', calibDataset: '/data/calib' } },
  'int4_awq': { convert: { dtype: 'float16' }, quantization: { format: 'int4_awq', calibDataset: '/data/calib' } },
} as const;

type Quantize = { formats: Record<string, { families: Record<string, { supported: boolean }> }> };
/** Whether the release's data says the precision is supported for the family (quantize.json; weight-only: the converter's table). */
function supported(release: string, family: string, precision: keyof typeof PRECISIONS): boolean {
  const spec = PRECISIONS[precision] as { quantization?: { format: string } };
  if (!spec.quantization) return true;
  const file = `${ROOT}packages/compiler/data/trtllm-${release}/quantize.json`;
  if (!existsSync(file)) return false;
  return (JSON.parse(readFileSync(file, 'utf8')) as Quantize).formats[spec.quantization.format]?.families[family]?.supported === true;
}

const cases = RELEASES.flatMap((release) => FAMILIES.flatMap((family) => Object.keys(PRECISIONS).map((precision) => ({ release, family, precision: precision as keyof typeof PRECISIONS }))));
const name = (c: (typeof cases)[number]) => `${c.family}-${c.release.replace(/\./g, '')}-${c.precision.replace(/[^a-z0-9]+/gi, '-')}`.toLowerCase();
const results = compileInline(Object.fromEntries(cases.map((c) => [name(c), {
  runtime: { backendVersion: c.release },
  source: { modelDir: '/models/m', family: c.family },
  triton: { excludeInputInOutput: true },
  ...PRECISIONS[c.precision],
}])));

interface Plan {
  steps: { convert: { id: string; argv: string[] }; build: { argv: string[] } };
  serve: { modes: Record<string, { argv: string[] }> };
  bench: Record<string, { image: string; argv: string[] }>;
}

/** The options after the script or tool name in a possibly mpirun-wrapped argv. */
const after = (argv: string[], marker: (tok: string) => boolean) => {
  const at = argv.findIndex(marker);
  const rest = argv.slice(at + 1);
  const end = rest.indexOf(':');
  return end < 0 ? rest : rest.slice(0, end);
};

/** Runs `f` with the stand-ins' release knob set (the trtllm-build stand-in reads it when it loads its table). */
function withRelease<T>(release: string, f: () => T): T {
  const before = process.env.TRTFORGE_STANDIN_BACKEND_VERSION;
  process.env.TRTFORGE_STANDIN_BACKEND_VERSION = release;
  try {
    return f();
  } finally {
    if (before === undefined) delete process.env.TRTFORGE_STANDIN_BACKEND_VERSION;
    else process.env.TRTFORGE_STANDIN_BACKEND_VERSION = before;
  }
}

describe('every release × family × precision: each argv validates against that release\'s own tables', () => {
  it('covers every supported release, the four families and both quantization formats', () => {
    expect(RELEASES.length).toBeGreaterThanOrEqual(4);
    expect(cases.filter((c) => supported(c.release, c.family, c.precision) && PRECISIONS[c.precision].hasOwnProperty('quantization')).length).toBeGreaterThan(0);
  });

  it.each(cases)('$family on $release, $precision', (c) => {
    const result = results[name(c)]!;
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (!supported(c.release, c.family, c.precision)) {
      // A release without quantize.json, or a family its quantize.json does not support: TRT184, located.
      expect(errors.map((d) => d.code)).toContain('TRT184');
      expect(errors.every((d) => d.path.startsWith('quantization'))).toBe(true);
      return;
    }
    expect(errors).toEqual([]);
    const plan = JSON.parse(result.files!['plan.json']!) as Plan;
    const convert = plan.steps.convert;
    const convertTool = convert.id === 'quantize' ? 'quantize' : `convert_checkpoint.${c.family}`;
    expect(argvProblems(releaseTable(c.release, convertTool), convert.argv.slice(2)), convertTool).toEqual([]);
    expect(argvProblems(releaseTable(c.release, 'trtllm-build'), plan.steps.build.argv.slice(1)), 'trtllm-build').toEqual([]);
    const ranks = tritonserverArgvs(plan.serve.modes.triton!.argv);
    expect(ranks.length).toBeGreaterThan(0);
    for (const rank of ranks) expect(argvProblems(releaseTable(c.release, 'tritonserver'), rank), 'tritonserver').toEqual([]);
    expect(argvProblems(releaseTable(c.release, 'trtllm-serve'), after(plan.serve.modes['trtllm-serve']!.argv, (t) => t === 'trtllm-serve').slice(1)), 'trtllm-serve').toEqual([]);
    expect(argvProblems(releaseTable(c.release, 'openai_frontend'), after(plan.serve.modes.openai!.argv, (t) => t.endsWith('/openai_frontend/main.py'))), 'openai').toEqual([]);
    for (const [mode, bench] of Object.entries(plan.bench)) expect(argvProblems(genaiPerfTable(bench.image), bench.argv.slice(2)), `genai-perf ${mode}`).toEqual([]);
    // The stand-ins playing this release parse the same argv (they throw argparse's error otherwise).
    if (convert.id !== 'quantize') expect(() => parseArgs(loadConverterTable(c.release, c.family), convert.argv.slice(2))).not.toThrow();
    expect(() => parseArgs(withRelease(c.release, () => standinBuildTable('trtllm-0.17/trtllm-build.json', 'trtllm-build.json')), plan.steps.build.argv.slice(1))).not.toThrow();
    expect(() => parseArgs(releaseToolTable('openai_frontend', c.release), after(plan.serve.modes.openai!.argv, (t) => t.endsWith('/openai_frontend/main.py')))).not.toThrow();
  });
});

describe('the tables differ where the releases do, so the check is the release\'s', () => {
  it('tritonserver of r25.03 (0.18.2, 0.19.0) has --grpc-max-response-pool-size; r24.11 (0.16.0) and r25.01 (0.17.0) do not', () => {
    expect(releaseTable('0.19.0', 'tritonserver').has('--grpc-max-response-pool-size')).toBe(true);
    expect(releaseTable('0.18.2', 'tritonserver').has('--grpc-max-response-pool-size')).toBe(true);
    expect(releaseTable('0.17.0', 'tritonserver').has('--grpc-max-response-pool-size')).toBe(false);
    expect(releaseTable('0.16.0', 'tritonserver').has('--grpc-max-response-pool-size')).toBe(false);
  });

  it('the argv check fails on what a tool rejects (unknown option, bad int, bad choice, value on a switch)', () => {
    const triton = releaseTable('0.17.0', 'tritonserver');
    expect(argvProblems(triton, ['--http-port=abc'])).toEqual(['--http-port: invalid int abc']);
    expect(argvProblems(triton, ['--model-control-mode=lazy'])[0]).toContain('lazy is not one of none, poll, explicit');
    expect(argvProblems(triton, ['--grpc-max-response-pool-size=4'])).toEqual(['--grpc-max-response-pool-size is not an option']);
    expect(argvProblems(releaseTable('0.17.0', 'trtllm-serve'), ['--trust_remote_code', 'yes'])).toEqual(['--trust_remote_code takes no value, got yes']);
  });
});

describe('PLAN.md names every serving-tool table not read at the release\'s own commit', () => {
  it.each(RELEASES)('%s', (release) => {
    const result = results[name({ release, family: 'qwen', precision: 'dtype default' })]!;
    const plan = result.files!['PLAN.md']!;
    for (const file of [`tensorrtllm_backend-${release}/tritonserver.json`, `tensorrtllm_backend-${release}/openai_frontend.json`, `trtllm-${release}/trtllm-serve.json`]) {
      const { provenance } = JSON.parse(readFileSync(`${ROOT}packages/compiler/data/${file}`, 'utf8')) as { provenance: { exact: boolean } };
      expect(plan.includes(`packages/compiler/data/${file}`), `${file} (exact: ${provenance.exact})`).toBe(!provenance.exact);
    }
  });
});
