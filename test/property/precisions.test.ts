import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { supportedBackendVersions } from '@trtforge/compiler';
import { ROOT } from '../helpers/paths.js';
import { releaseTable } from '../helpers/release-tables.js';
import { TempRepo } from '../helpers/temp-repo.js';
import { compileBatch, describeDiagnostics, modelSource, writeSpecs } from './compile-batch.js';

/**
 * Random quantized specs across releases × families × precisions × parallelism. The value sets come
 * from the release's quantize.json (formats, KV dtypes, which family supports which format, what a
 * ModelOpt checkpoint can hold) and from quantize.py's argparse table inside it; the checks are
 * NVIDIA's tables: every quantize / convert / build argv passes them, and what the argv says is what
 * the spec says. A release without quantize data must refuse quantization (TRT184), not emit argv.
 */
type ArgOption = { flag: string; type: string; choices: Array<string | number> | null };
interface QuantizeData {
  formats: Record<string, { qformat: string; calibSizeMax: number | null; families: Record<string, { supported: boolean }> }>;
  kvCacheDtypes: Record<string, unknown>;
  prequantized: { modelopt: { families: string[]; formats: Record<string, { flags: string[] }>; kvCacheDtypes: Record<string, { flags: string[] }> } };
  argparse: { options: ArgOption[] };
}
const dataFile = (v: string) => `${ROOT}packages/compiler/data/trtllm-${v}/quantize.json`;
const RELEASES = supportedBackendVersions();
const WITH_DATA = RELEASES.filter((v) => existsSync(dataFile(v)));
const DATA = Object.fromEntries(WITH_DATA.map((v) => [v, JSON.parse(readFileSync(dataFile(v), 'utf8')) as QuantizeData]));
/** trtllm-build's option table of the spec's own release (test/helpers/release-tables.ts). */
const buildTable = (release: string) => releaseTable(release, 'trtllm-build') as Map<string, ArgOption>;

/** argparse's reading of an argv, as far as a table says: flag → values; throws on what argparse refuses. */
function parse(table: Map<string, ArgOption>, argv: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const tok of argv) {
    if (tok.startsWith('--')) {
      const opt = table.get(tok);
      if (!opt) throw new Error(`unrecognized arguments: ${tok}`);
      current = [];
      out.set(tok, current);
    } else if (current) current.push(tok);
    else throw new Error(`stray value ${tok}`);
  }
  for (const [flag, values] of out) {
    const opt = table.get(flag)!;
    if (opt.type.startsWith('bool') ? values.length !== 0 : values.length !== 1) throw new Error(`${flag}: ${values.length} values`);
    if (opt.type === 'int' && !/^-?\d+$/.test(values[0]!)) throw new Error(`${flag}: invalid int value: '${values[0]}'`);
    if (opt.choices && !opt.choices.map(String).includes(values[0]!)) throw new Error(`${flag}: invalid choice: '${values[0]}'`);
  }
  return out;
}

const precision = fc.record({
  release: fc.constantFrom(...RELEASES),
  family: fc.constantFrom('qwen', 'llama'),
  modelopt: fc.boolean(),
  format: fc.constantFrom('fp8', 'int4_awq'),
  kvCacheDtype: fc.constantFrom('auto', 'fp8', 'int8'),
  calibSize: fc.integer({ min: 1, max: 1024 }),
  calibMaxSeqLength: fc.integer({ min: 1, max: 4096 }),
  seed: fc.integer({ min: 0, max: 100_000 }),
  awqBlockSize: fc.constantFrom(64, 128),
  dtype: fc.constantFrom('auto', 'float16', 'bfloat16'),
  tp: fc.constantFrom(1, 2, 4),
  pp: fc.constantFrom(1, 2),
  fp8Fmha: fc.boolean(),
});
type Precision = typeof precision extends fc.Arbitrary<infer T> ? T : never;

/** Only what the release supports: the property is about emission, the lints have their own tests. */
function supported(p: Precision): boolean {
  const data = DATA[p.release];
  if (!data) return true; // checked: refused with TRT184
  if (p.modelopt) {
    const pre = data.prequantized.modelopt;
    return pre.families.includes(p.family) && p.format in pre.formats && (p.kvCacheDtype === 'auto' || p.kvCacheDtype in pre.kvCacheDtypes);
  }
  return data.formats[p.format]?.families[p.family]?.supported === true;
}

function specOf(p: Precision): Record<string, unknown> {
  const quantization: Record<string, unknown> = { format: p.format, kvCacheDtype: p.kvCacheDtype };
  if (!p.modelopt) {
    const cap = DATA[p.release]?.formats[p.format]?.calibSizeMax ?? null;
    Object.assign(quantization, { calibDataset: '/data/calib', calibSize: cap === null ? p.calibSize : Math.min(p.calibSize, cap), calibMaxSeqLength: p.calibMaxSeqLength, seed: p.seed });
    if (p.format === 'int4_awq') quantization.awqBlockSize = p.awqBlockSize;
  }
  return {
    source: { modelDir: '/models/m', family: p.family, ...(p.modelopt ? { checkpoint: 'modelopt' } : {}) },
    runtime: { backendVersion: p.release },
    parallelism: { tp: p.tp, pp: p.pp },
    ...(p.modelopt ? {} : { convert: { dtype: p.dtype } }),
    quantization,
    build: { plugins: { useFp8ContextFmha: p.fp8Fmha && p.format === 'fp8' } },
    triton: { excludeInputInOutput: true },
  };
}

describe('random quantized specs across releases × families × precisions', () => {
  it('emit argv that NVIDIA\'s tables accept and that says what the spec says', () => {
    fc.assert(fc.property(fc.array(precision.filter(supported), { minLength: 8, maxLength: 8 }), (batch) => {
      const repo = new TempRepo();
      try {
        const named = batch.map((p, i) => ({ name: `q${i}`, p, spec: { name: `q${i}`, ...specOf(p) } }));
        const results = compileBatch(repo, writeSpecs(repo, named.map(({ name, spec }) => ({ name, source: modelSource(spec) }))));
        for (const [i, r] of results.entries()) {
          const { p, spec } = named[i]!;
          const data = DATA[p.release];
          if (!data) {
            expect(r.diagnostics.map((d) => d.code), JSON.stringify(spec)).toContain('TRT184');
            continue;
          }
          expect(r.files, `${describeDiagnostics(r)}\n${JSON.stringify(spec)}`).toBeDefined();
          const plan = JSON.parse(r.files!['plan.json']!);
          const step = plan.steps.convert;
          const build = parse(buildTable(p.release), plan.steps.build.argv.slice(1));
          expect(build.get('--use_fp8_context_fmha')?.[0]).toBe(p.fp8Fmha && p.format === 'fp8' ? 'enable' : 'disable'); // written either way, so emitted either way
          const kvAlgo = p.kvCacheDtype === 'auto' ? null : p.kvCacheDtype.toUpperCase();
          expect(plan.precision).toMatchObject({ format: p.format, kvCacheDtype: p.kvCacheDtype, kvCacheQuantAlgo: kvAlgo, from: p.modelopt ? 'checkpoint' : 'quantize' });
          if (p.modelopt) {
            const pre = data.prequantized.modelopt;
            expect(step.id).toBe('convert');
            const expected = [...pre.formats[p.format]!.flags, ...(p.kvCacheDtype === 'auto' ? [] : pre.kvCacheDtypes[p.kvCacheDtype]!.flags)];
            expect(expected.length).toBeGreaterThan(0); // every loadable format has its converter flag
            expect(step.argv.slice(-expected.length)).toEqual(expected);
            expect(plan.inputs.calibDataset).toBeUndefined();
            continue;
          }
          expect(step.id).toBe('quantize');
          const args = parse(new Map(data.argparse.options.map((o) => [o.flag, o])), step.argv.slice(2));
          const value = (flag: string, fallback: string) => args.get(flag)?.[0] ?? fallback;
          expect(value('--qformat', '')).toBe(data.formats[p.format]!.qformat);
          expect(args.get('--kv_cache_dtype')?.[0]).toBe(p.kvCacheDtype === 'auto' ? undefined : p.kvCacheDtype);
          expect(value('--tp_size', '1')).toBe(String(p.tp));
          expect(value('--pp_size', '1')).toBe(String(p.pp));
          expect(value('--dtype', 'auto')).toBe(p.dtype);
          const quantization = spec.quantization as { calibSize: number };
          expect(value('--calib_size', '512')).toBe(String(quantization.calibSize));
          expect(value('--calib_max_seq_length', '512')).toBe(String(p.calibMaxSeqLength));
          expect(value('--awq_block_size', '128')).toBe(p.format === 'int4_awq' ? String(p.awqBlockSize) : '128');
          expect(args.get('--calib_dataset')).toEqual(['/trtforge/calib/calib']);
          expect(plan.inputs.calibDataset).toBe('/data/calib');
          expect(step.cacheKey.quantize).toMatchObject({ format: p.format, kvCacheDtype: p.kvCacheDtype, calibSize: quantization.calibSize, seed: p.seed });
        }
      } finally {
        repo.dispose();
      }
    }), { numRuns: 3 });
  }, 300_000); // a type-check of each batch: bounded by work, not by the clock
});
