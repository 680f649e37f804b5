// `trtforge import` round trips: every example's generated/<m>/triton_model_repo, and NVIDIA's own
// filled examples from the release docs (fill_template.py invocations, filled here the way the tool
// fills them), are imported, compiled back, and compared field by field with what went in.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { argvLeaves, boolParameters, compileSpecs, configLeaves, importRepository, MODEL_NAMES, renderSpecSource, type TritonModelName } from '@trtforge/compiler';
import type { Plan } from '@trtforge/spec';
import { parsePbtxt, type PlainMessage } from '@trtforge/pbtxt';
import { REFERENCE, requireShared, ROOT } from '../helpers/paths.js';
import { TempRepo } from '../helpers/temp-repo.js';
import { fillTemplateText, parseSubstitutions } from './fill-template.js';

const repo = new TempRepo();
afterAll(() => repo.dispose());

/**
 * A config's fields for comparison. fill_template.py leaves a parameter it was not given as its
 * literal `${name}`; trtforge leaves it out (the backend default applies, see
 * packages/compiler/src/emit/fill-template.ts) — both mean "unset", so such parameters are dropped.
 */
const BOOLS = boolParameters('0.17.0');
function fields(message: PlainMessage): Record<string, string> {
  return Object.fromEntries([...configLeaves(message, BOOLS)].filter(([path, value]) => !(path.startsWith('parameters.') && /^\$\{[_a-zA-Z0-9]+\}$/.test(value))));
}

/** Imports `configs`, writes models/<name>/ in a throwaway repository, compiles it with the real loader, and returns both sides' fields. */
function roundTrip(name: string, configs: Record<TritonModelName, string>, engineConfig?: unknown) {
  const imported = importRepository({ name, configs, ...(engineConfig ? { engineConfig } : {}) });
  const dir = join(repo.dir, 'models', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.ts'), renderSpecSource(imported.spec, `test fixture ${name}`, imported.unexpressed));
  for (const f of ['package.json', 'turbo.json']) writeFileSync(join(dir, f), readFileSync(join(ROOT, 'models/qwen2.5-0.5b', f), 'utf8').replaceAll('qwen2.5-0.5b', name));
  const [compiled] = compileSpecs([join(dir, 'model.ts')], { root: repo.dir, cwd: repo.dir, cacheDir: false });
  const errors = compiled!.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => `${d.code} ${d.path}: ${d.message}`)).toEqual([]);
  const pairs = MODEL_NAMES.map((m) => ({
    model: m,
    original: fields(parsePbtxt(configs[m], { source: `${name}/${m}` })),
    compiled: fields(parsePbtxt(compiled!.files![`triton_model_repo/${m}/config.pbtxt`]!)),
  }));
  return { imported, pairs, plan: JSON.parse(compiled!.files!['plan.json']!) as Plan };
}

/** Every field that differs after the round trip must be one the import listed (`<model>: <field> is …`). */
function expectOnlyListed(pairs: ReturnType<typeof roundTrip>['pairs'], unexpressed: readonly string[]): void {
  const unlisted: string[] = [];
  for (const p of pairs) {
    for (const path of new Set([...Object.keys(p.original), ...Object.keys(p.compiled)])) {
      if (p.original[path] !== p.compiled[path] && !unexpressed.some((u) => u.startsWith(`${p.model}: ${path} is `))) unlisted.push(`${p.model}: ${path}`);
    }
  }
  expect(unlisted).toEqual([]);
}

/**
 * The engine's config.json as the stand-in trtllm-build writes it for a plan (test/stand-ins/trtllm-build.mjs:
 * build_config = the parsed flags, pretrained_config = the checkpoint's mapping).
 */
function engineConfigOf(plan: Plan): unknown {
  const flags = Object.fromEntries([...argvLeaves(plan.steps.build.argv)].filter(([k]) => k.startsWith('--')).map(([k, v]) => [k.slice(2), v]));
  const { checkpoint_dir: _c, output_dir: _o, ...buildConfig } = flags;
  return { version: plan.versions.tensorrtllm, pretrained_config: { mapping: { tp_size: plan.parallelism.tp, pp_size: plan.parallelism.pp, world_size: plan.parallelism.worldSize } }, build_config: buildConfig };
}

describe('import → compile reproduces every example\'s model repository', () => {
  // Not round-tripped: a quantized example. Its precision lives in the checkpoint and its quantize step
  // needs a calibration dataset no repository or engine records; `import` does not read quantization back.
  const quantized = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'generated', name, 'plan.json'), 'utf8')) as Plan).steps.convert.id === 'quantize';
  const examples = readdirSync(join(ROOT, 'generated'), { withFileTypes: true }).filter((e) => e.isDirectory() && !quantized(e.name)).map((e) => e.name);
  it('there are examples to round-trip', () => expect(examples.length).toBeGreaterThan(0));
  for (const example of examples) {
    it(example, () => {
      const configs = Object.fromEntries(MODEL_NAMES.map((m) => [m, readFileSync(join(ROOT, 'generated', example, 'triton_model_repo', m, 'config.pbtxt'), 'utf8')])) as Record<TritonModelName, string>;
      const original = JSON.parse(readFileSync(join(ROOT, 'generated', example, 'plan.json'), 'utf8')) as Plan;
      const { imported, pairs, plan } = roundTrip(`rt-${example}`, configs, engineConfigOf(original));
      for (const p of pairs) expect(p.compiled, p.model).toEqual(p.original);
      // The engine's settings come back too: the same trtllm-build flags.
      expect(argvLeaves(plan.steps.build.argv)).toEqual(argvLeaves(original.steps.build.argv));
      // What a repository cannot say (where the weights are) is listed; nothing about the configs is.
      expect(imported.unexpressed.filter((u) => !/^source\.modelDir:/.test(u))).toEqual([]);
    }, 240_000); // a cold type-check, on a busy machine
  }
});

interface DocExample { name: string; doc: string; lines: string; variables: Record<string, { value: string }>; fills: Record<TritonModelName, string> }
const fixture = JSON.parse(readFileSync(join(ROOT, 'test/golden/fixtures/nvidia-docs/v0.17.0.json'), 'utf8')) as { source: { tag: string; commit: string }; examples: DocExample[] };

describe(`import of NVIDIA's filled examples (tensorrtllm_backend ${fixture.source.tag} docs) → compile → the same configs`, () => {
  for (const ex of fixture.examples) {
    it(`${ex.doc}:${ex.lines}`, () => {
      requireShared();
      const expand = (arg: string) => arg.replace(/\$\{([A-Z_]+)\}/g, (_m, v: string) => ex.variables[v]!.value);
      const configs = Object.fromEntries(MODEL_NAMES.map((m) => {
        const template = readFileSync(join(REFERENCE, 'tensorrtllm_backend-v0.17.0/inflight_batcher_llm', m, 'config.pbtxt'), 'utf8');
        return [m, fillTemplateText(template, parseSubstitutions(expand(ex.fills[m])))];
      })) as Record<TritonModelName, string>;
      const { imported, pairs } = roundTrip(`nv-${ex.name}`, configs);
      expectOnlyListed(pairs, imported.unexpressed);
      expect(imported.unexpressed).toMatchSnapshot();
    }, 240_000);
  }
});
