import { compileSpecs, type CompileResult } from '@trtforge/compiler';
import { parsePbtxt } from '@trtforge/pbtxt';
import { TempRepo } from '../helpers/temp-repo.js';

/** model.ts for a spec object (JSON is a valid TypeScript object literal). */
export const modelSource = (spec: object): string =>
  `import { defineModel } from '@trtforge/spec';\n\nexport default defineModel(${JSON.stringify(spec, null, 2)});\n`;

/**
 * Compiles several specs (name → spec object, name taken from the key) in one compileSpecs call,
 * in-process: the pure pipeline without the CLI, so a test stays a few lines and a few ms.
 */
export function compileInline(specs: Record<string, object>): Record<string, CompileResult> {
  const repo = new TempRepo();
  try {
    const names = Object.keys(specs);
    const files = names.map((name) => repo.addModel(name, modelSource({ name, ...specs[name] })));
    const results = compileSpecs(files, { root: repo.dir, cwd: repo.dir });
    return Object.fromEntries(names.map((n, i) => [n, results[i]!]));
  } finally {
    repo.dispose();
  }
}

/** A generated config.pbtxt as a plain object. */
export function config(result: CompileResult, model: string): Record<string, unknown> {
  const text = result.files?.[`triton_model_repo/${model}/config.pbtxt`];
  if (text === undefined) throw new Error(`${result.name} did not compile: ${result.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`).join('; ')}`);
  return parsePbtxt(text) as Record<string, unknown>;
}

/** The string value of a `parameters` entry of a config, or undefined when it is left out. */
export function parameter(cfg: Record<string, unknown>, key: string): string | undefined {
  const params = cfg.parameters as Record<string, { string_value?: string }> | undefined;
  return params?.[key]?.string_value;
}

/** The build step's argv from plan.json. */
export function buildArgv(result: CompileResult): string[] {
  const plan = JSON.parse(result.files?.['plan.json'] ?? 'null') as { steps: { build: { argv: string[] } } } | null;
  if (!plan) throw new Error(`${result.name} did not compile`);
  return plan.steps.build.argv;
}

/** The value after `flag` in argv, or undefined. */
export function flagValue(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i === -1 ? undefined : argv[i + 1];
}
