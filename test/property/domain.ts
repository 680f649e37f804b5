import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { PROTO, REFERENCE } from '../helpers/paths.js';

/**
 * Invalid specs from the DOMAIN, not from the validator's schema: the value sets, integer types
 * and cross-field rules come from NVIDIA's own tables in ../shared/reference (the argparse option
 * tables of convert_checkpoint.py and trtllm-build at TensorRT-LLM 0.17, and Triton's
 * model_config.proto). The only thing written here is which spec field feeds which NVIDIA option.
 */
interface Option { flag: string; type: string; choices: string[] | null }
const table = (file: string): Option[] => (JSON.parse(readFileSync(join(REFERENCE, 'trtllm-0.17', file), 'utf8')) as { options: Option[] }).options;
const BUILD = table('trtllm-build.json');
const CONVERT = table('convert_checkpoint.qwen.json');
const option = (options: Option[], flag: string): Option => {
  const found = options.find((o) => o.flag === flag);
  if (!found) throw new Error(`${flag} is not in NVIDIA's option table`);
  return found;
};
const choicesOf = (options: Option[], flag: string): string[] => {
  const choices = option(options, flag).choices;
  if (!choices?.length) throw new Error(`${flag} has no choices in NVIDIA's option table`);
  return choices;
};

/** Values of Triton's DataType enum (model_config.proto), e.g. TYPE_FP16. */
export const PROTO_DATA_TYPES = [...(/enum DataType \{([\s\S]*?)\n\}/.exec(readFileSync(PROTO, 'utf8'))?.[1] ?? '').matchAll(/^\s*(TYPE_[A-Z0-9]+) = \d+;/gm)].map((m) => m[1]!);

/** Spec fields whose value is passed as an NVIDIA option with a closed set of values. */
export const ENUM_FIELDS: Array<{ path: string[]; nvidia: string; values: string[] }> = [
  { path: ['convert', 'dtype'], nvidia: 'convert_checkpoint.py --dtype', values: choicesOf(CONVERT, '--dtype') },
  { path: ['build', 'plugins', 'gemmPlugin'], nvidia: 'trtllm-build --gemm_plugin', values: choicesOf(BUILD, '--gemm_plugin') },
  { path: ['build', 'logits', 'logitsDtype'], nvidia: 'trtllm-build --logits_dtype', values: choicesOf(BUILD, '--logits_dtype') },
  { path: ['build', 'speculative', 'speculativeDecodingMode'], nvidia: 'trtllm-build --speculative_decoding_mode', values: choicesOf(BUILD, '--speculative_decoding_mode') },
  { path: ['triton', 'logitsDatatype'], nvidia: 'model_config.proto DataType', values: PROTO_DATA_TYPES.filter((t) => t !== 'TYPE_INVALID') },
];

/** Spec fields passed as argparse `int` options (so a fraction, zero or a negative count is outside the domain). */
export const COUNT_FIELDS: Array<{ path: string[]; nvidia: string }> = [
  { path: ['build', 'maxBatchSize'], nvidia: '--max_batch_size' },
  { path: ['build', 'maxInputLen'], nvidia: '--max_input_len' },
  { path: ['build', 'maxSeqLen'], nvidia: '--max_seq_len' },
  { path: ['build', 'maxBeamWidth'], nvidia: '--max_beam_width' },
  { path: ['build', 'maxNumTokens'], nvidia: '--max_num_tokens' },
  { path: ['build', 'tokensPerBlock'], nvidia: '--tokens_per_block' },
  { path: ['parallelism', 'tp'], nvidia: '--tp_size' },
  { path: ['parallelism', 'pp'], nvidia: '--pp_size' },
].map((f) => {
  const o = option(f.path[0] === 'parallelism' ? CONVERT : BUILD, f.nvidia);
  if (o.type !== 'int') throw new Error(`${f.nvidia} is ${o.type} in NVIDIA's table, not int`);
  return f;
});

type Spec = Record<string, unknown>;
export interface DomainViolation {
  what: string;
  /** An error must name one of these fields (or a field below one). */
  fields: string[];
  apply(spec: Spec): Spec;
}

function setAt(spec: Spec, path: readonly string[], value: unknown): Spec {
  const out = structuredClone(spec);
  let cur = out;
  for (const k of path.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null || Array.isArray(cur[k])) cur[k] = {};
    cur = cur[k] as Spec;
  }
  cur[path[path.length - 1]!] = value;
  return out;
}
const get = (spec: Spec, path: readonly string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Spec)[k] : undefined), spec);
const without = (spec: Spec, path: readonly string[]): Spec => {
  const out = structuredClone(spec);
  const parent = get(out, path.slice(0, -1));
  if (parent && typeof parent === 'object') delete (parent as Spec)[path[path.length - 1]!];
  return out;
};

/** Near misses people type (other spellings, cases, abbreviations) and random words, never one of NVIDIA's values. */
const outsideOf = (values: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...values.flatMap((v) => [v.toUpperCase(), `${v}s`, v.replace(/_/g, '-'), v.replace(/^TYPE_/, '')]), 'fp16', 'bf16', 'half', 'fp32', 'float', 'none', ''),
    fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/),
  ).filter((v) => !values.includes(v));

const enumViolation = fc.constantFrom(...ENUM_FIELDS).chain((f) => outsideOf(f.values).map((value): DomainViolation => ({
  what: `${f.path.join('.')} = ${JSON.stringify(value)} (not a value of ${f.nvidia}: ${f.values.join(', ')})`,
  fields: [f.path.join('.')],
  apply: (spec) => setAt(spec, f.path, value),
})));

const countViolation = fc.tuple(fc.constantFrom(...COUNT_FIELDS), fc.oneof(fc.constantFrom(0, -1), fc.integer({ min: -4096, max: -1 }), fc.double({ min: 0.01, max: 64, noNaN: true }).filter((v) => !Number.isInteger(v))))
  .map(([f, value]): DomainViolation => ({
    what: `${f.path.join('.')} = ${value} (${f.nvidia} is a positive count)`,
    fields: [f.path.join('.')],
    apply: (spec) => setAt(spec, f.path, value),
  }));

/** Cross-field rules of the tools: one request's prompt+output bound exceeds its prompt bound, one GPU per rank, runtime within the engine. */
const crossFieldViolation = fc.oneof(
  fc.tuple(fc.integer({ min: 2, max: 16_384 }), fc.integer({ min: 0, max: 1024 })).map(([input, shortBy]): DomainViolation => ({
    what: `build.maxSeqLen ${Math.max(1, input - shortBy)} ≤ build.maxInputLen ${input} (--max_seq_len bounds prompt + output)`,
    fields: ['build.maxSeqLen', 'build.maxInputLen'],
    apply: (spec) => setAt(setAt(without(spec, ['context']), ['build', 'maxInputLen'], input), ['build', 'maxSeqLen'], Math.max(1, input - shortBy)),
  })),
  fc.tuple(fc.constantFrom(1, 2, 4), fc.constantFrom(1, 2), fc.integer({ min: -1, max: 3 }).filter((d) => d !== 0)).map(([tp, pp, delta]): DomainViolation => {
    const count = Math.max(1, tp * pp + delta) === tp * pp ? tp * pp + 1 : Math.max(1, tp * pp + delta);
    return {
      what: `parallelism.gpuIds lists ${count} GPUs for tp ${tp} × pp ${pp} (--tp_size × --pp_size ranks, one GPU each)`,
      fields: ['parallelism.gpuIds', 'parallelism.tp', 'parallelism.pp'],
      apply: (spec) => setAt(without(without(spec, ['triton', 'gpuDeviceIds']), ['triton', 'participantIds']), ['parallelism'], { tp, pp, gpuIds: Array.from({ length: count }, (_, i) => i) }),
    };
  }),
  fc.integer({ min: 1, max: 8 }).map((extra): DomainViolation => ({
    what: `triton.maxBeamWidth = engine max_beam_width + ${extra}`,
    fields: ['triton.maxBeamWidth', 'build.maxBeamWidth'],
    apply: (spec) => {
      const engine = (get(spec, ['build', 'maxBeamWidth']) as number | undefined) ?? 1;
      return setAt(without(spec, ['triton', 'decodingMode']), ['triton', 'maxBeamWidth'], engine + extra);
    },
  })),
  fc.integer({ min: 1, max: 64 }).map((extra): DomainViolation => ({
    what: `triton.maxBatchSize = engine max_batch_size + ${extra}`,
    fields: ['triton.maxBatchSize', 'build.maxBatchSize'],
    apply: (spec) => {
      const engine = (get(spec, ['build', 'maxBatchSize']) as number | undefined) ?? 8;
      return setAt(setAt(without(spec, ['triton', 'instances']), ['build', 'maxBatchSize'], engine), ['triton', 'maxBatchSize'], engine + extra);
    },
  })),
);

export const domainViolation: fc.Arbitrary<DomainViolation> = fc.oneof(enumViolation, countViolation, crossFieldViolation);
