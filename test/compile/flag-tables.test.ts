import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBackendData } from '@trtforge/compiler';
import { REFERENCE, ROOT } from '../helpers/paths.js';

type RefOption = { flag: string; type: string; choices: unknown[] | null; aliases?: string[] };
const table = (file: string) => JSON.parse(readFileSync(`${REFERENCE}${file}`, 'utf8')) as { options: RefOption[] };
const byFlag = (file: string) => new Map(table(file).options.map((o) => [o.flag, o]));

const BUILD = byFlag('trtllm-0.17/trtllm-build.json');
const CONVERT = byFlag('trtllm-0.17/convert_checkpoint.qwen.json');
const SERVE = byFlag('trtllm-0.17/trtllm-serve.json');
const OPENAI = byFlag('triton-25.01/openai_frontend.json');
const GENAI_PERF = byFlag('triton-25.01/genai-perf.json');
const data = loadBackendData('0.17.0');

/** Splits an argv into [flag, values[]] pairs (values are the tokens up to the next --flag). */
function flagsOf(argv: string[]): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [];
  for (const tok of argv) {
    if (tok.startsWith('--')) out.push([tok.split('=')[0]!, []]);
    else out.at(-1)?.[1].push(tok);
  }
  return out;
}

function checkAgainst(ref: Map<string, RefOption>, argv: string[]) {
  for (const [flag, values] of flagsOf(argv)) {
    const opt = ref.get(flag);
    expect(opt, `${flag} is not an option of the real tool`).toBeDefined();
    if (opt!.type === 'flag' || opt!.type.startsWith('bool')) expect(values, flag).toEqual([]);
    else expect(values.length, `${flag} takes a value`).toBeGreaterThan(0);
    if (opt!.type === 'int') for (const v of values) expect(v, flag).toMatch(/^-?\d+$/);
    if (opt!.type === 'float') for (const v of values) expect(Number.isFinite(Number(v)), flag).toBe(true);
    if (opt!.choices) for (const v of values) expect(opt!.choices.map(String), flag).toContain(v);
  }
}

describe('flag tables (data) agree with the real tools’ option tables', () => {
  it.each(Object.entries(data.buildFlags.options))('trtllm-build %s', (_path, { flag, kind }) => {
    const opt = BUILD.get(flag);
    expect(opt).toBeDefined();
    if (kind === 'flag') expect(opt!.type).toBe('flag');
    if (kind === 'enable-disable') expect(opt!.choices).toEqual(['enable', 'disable']);
  });
  it.each(Object.entries(data.convertFlags.qwen!.options))('convert_checkpoint %s', (_path, { flag, kind }) => {
    const opt = CONVERT.get(flag);
    expect(opt).toBeDefined();
    expect(kind === 'flag').toBe(opt!.type === 'flag');
  });
});

describe('every argv in the committed plans uses only real flags with valid values', () => {
  const plans = ['qwen2.5-0.5b', 'qwen2.5-32b-tp4'].map((m) => JSON.parse(readFileSync(`${ROOT}generated/${m}/plan.json`, 'utf8')));
  it.each(plans.map((p) => [p.model, p]))('%s', (_m, plan) => {
    checkAgainst(CONVERT, plan.steps.convert.argv.slice(2));
    checkAgainst(BUILD, plan.steps.build.argv.slice(1));
    checkAgainst(SERVE, plan.serve.modes['trtllm-serve'].argv.slice(2));
    checkAgainst(OPENAI, plan.serve.modes.openai.argv.slice(2));
    for (const bench of Object.values(plan.bench) as Array<{ argv: string[] }>) checkAgainst(GENAI_PERF, bench.argv.slice(2));
  });
});
