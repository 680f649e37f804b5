import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSpecs, loadBackendData, supportedBackendVersions } from '@trtforge/compiler';
import { REFERENCE, ROOT } from '../helpers/paths.js';
import { argvProblems, releaseTable, tritonserverArgvs } from '../helpers/release-tables.js';

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

  // Every committed plan, on whichever release it is, against that release's own tables.
  const all = readdirSync(`${ROOT}generated`).map((m) => JSON.parse(readFileSync(`${ROOT}generated/${m}/plan.json`, 'utf8')));
  it.each(all.map((p) => [`${p.model} (${p.versions.backend})`, p]))('%s: serving tools of its own release', (_m, plan) => {
    const release = plan.versions.backend as string;
    for (const rank of tritonserverArgvs(plan.serve.modes.triton.argv)) expect(argvProblems(releaseTable(release, 'tritonserver'), rank)).toEqual([]);
    expect(argvProblems(releaseTable(release, 'trtllm-serve'), plan.serve.modes['trtllm-serve'].argv.slice(2))).toEqual([]);
    expect(argvProblems(releaseTable(release, 'openai_frontend'), plan.serve.modes.openai.argv.slice(2))).toEqual([]);
    expect(argvProblems(releaseTable(release, 'trtllm-build'), plan.steps.build.argv.slice(1))).toEqual([]);
  });
});

/**
 * Every release: the example specs compiled on each supported release, their convert and build argv
 * checked against the real option table that release's flag-table data was read from (matched by the
 * commit in the data's provenance, so a release whose map was read at its own tag is checked against
 * that tag's table the day one is added). Today every release's trtllm-build / qwen converter map is
 * v0.17.0's (exact: false, the data and PLAN.md say so), so all of them are checked against the 0.17 tables.
 */
describe('every release: each generated argv validates against the option table its data was read from', () => {
  const dir = mkdtempSync(join(ROOT, 'test/compile/.tmp-flags-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cases = supportedBackendVersions().flatMap((version) => ['qwen2.5-0.5b', 'qwen2.5-32b-tp4'].map((model) => ({ version, model })));

  it.each(cases)('$model on $version', ({ version, model }) => {
    const name = `${model.replace(/\./g, '')}-${version.replace(/\./g, '')}`;
    mkdirSync(join(dir, name));
    const source = readFileSync(`${ROOT}models/${model}/model.ts`, 'utf8')
      .replace(`name: '${model}'`, `name: '${name}'`)
      .replace('defineModel({', `defineModel({\n  runtime: { backendVersion: '${version}' },`);
    writeFileSync(join(dir, name, 'model.ts'), source);
    const [result] = compileSpecs([join(dir, name, 'model.ts')], { root: ROOT });
    expect(result?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const plan = JSON.parse(result!.files!['plan.json']!) as { steps: { convert: { argv: string[] }; build: { argv: string[] } } };
    const data = loadBackendData(version as '0.17.0');
    // The release's own tables (test/helpers/release-tables.ts: by the commit in the data's provenance).
    expect(argvProblems(releaseTable(version, 'convert_checkpoint.qwen'), plan.steps.convert.argv.slice(2))).toEqual([]);
    expect(argvProblems(releaseTable(version, 'trtllm-build'), plan.steps.build.argv.slice(1))).toEqual([]);
    // The data maps only flags of that table, and the argv uses only flags of the release's own map.
    const mapped = new Set(Object.values(data.buildFlags.options).map((o) => o.flag));
    for (const [flag] of flagsOf(plan.steps.build.argv.slice(1))) if (!['--checkpoint_dir', '--output_dir'].includes(flag)) expect(mapped.has(flag), flag).toBe(true);
  });
});
