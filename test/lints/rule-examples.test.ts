import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRepository, compileSpecs, RULES, type CompileResult } from '@trtforge/compiler';
import { TempRepo } from '../helpers/temp-repo.js';
import { exampleSpec } from './compiler-internals.js';

/** model.ts for a spec object (JSON is a valid TypeScript object literal). */
const modelSource = (spec: object) => `import { defineModel } from '@trtforge/spec';\n\nexport default defineModel(${JSON.stringify(spec, null, 2)});\n`;

const KINDS = ['pass', 'fail'] as const;
let repo: TempRepo;
const results = new Map<string, CompileResult>();

/** Compiles every rule's examples in one compileSpecs call (one type-check for all of them). */
beforeAll(() => {
  repo = new TempRepo();
  const files: Array<{ key: string; file: string }> = [];
  for (const rule of RULES) {
    for (const kind of KINDS) {
      if (typeof rule.examples?.[kind] !== 'object') continue;
      // The examples' name is 'qwen', so each lives in its own models-like folder named qwen.
      const dir = join(repo.dir, 'examples', `${rule.id}-${kind}`, 'qwen');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'model.ts'), modelSource(exampleSpec(rule.examples[kind])));
      // Workspace rules: the failing example's package.json / turbo.json next to its model.ts.
      if (kind === 'fail') for (const [name, text] of Object.entries(rule.examples.files ?? {})) writeFileSync(join(dir, name), text);
      if (rule.checkRepository) continue;
      files.push({ key: `${rule.id}-${kind}`, file: join(dir, 'model.ts') });
    }
  }
  const env: Record<string, string> = Object.assign({}, ...RULES.map((r) => r.examples?.env ?? {}));
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const compiled = compileSpecs(files.map((f) => f.file), { root: repo.dir, cwd: repo.dir });
    files.forEach((f, i) => results.set(f.key, compiled[i]!));
    // Repository rules: each example compiles as a repository of its own, next to the other specs.
    for (const rule of RULES.filter((r) => r.checkRepository)) {
      for (const kind of KINDS) {
        const specs = { qwen: exampleSpec(rule.examples[kind]), ...Object.fromEntries(Object.entries(rule.examples.others ?? {}).map(([n, f]) => [n, exampleSpec({ ...f, name: n })])) };
        const paths = Object.entries(specs).map(([name, spec]) => {
          const dir = join(repo.dir, `repo-${rule.id}-${kind}`, 'models', name);
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, 'model.ts'), modelSource(spec));
          return join(dir, 'model.ts');
        });
        const together = checkRepository(compileSpecs(paths, { root: repo.dir, cwd: repo.dir }));
        results.set(`${rule.id}-${kind}`, together[0]!);
      }
    }
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
});

afterAll(() => repo?.dispose());

const show = (r: CompileResult | undefined) => r?.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`).join('\n');

describe.each(RULES.map((r) => [r.id, r] as const))('%s examples', (id, rule) => {
  it('has a passing and a failing example', () => {
    expect(rule.examples?.pass, `${id} needs examples.pass`).toBeTypeOf('object');
    expect(rule.examples?.fail, `${id} needs examples.fail`).toBeTypeOf('object');
  });

  it('fails on the failing example, located at a field with a hint', () => {
    // GIVEN the failing example compiled
    const result = results.get(`${id}-fail`);
    const findings = result?.diagnostics.filter((d) => d.code === id) ?? [];
    // THEN the rule reports it, with its severity, a location, a field path and a fix
    expect(findings.length, show(result)).toBeGreaterThan(0);
    for (const d of findings) {
      expect(d.severity).toBe(rule.severity);
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
      expect(d.path).not.toBe('');
      expect(d.message).not.toBe('');
      expect(d.hint).toBeTruthy();
    }
    if (rule.severity === 'error') expect(result?.files).toBeUndefined();
  });

  it('accepts the passing example: it compiles without errors', () => {
    const result = results.get(`${id}-pass`);
    expect(result?.diagnostics.filter((d) => d.code === id || d.severity === 'error'), show(result)).toEqual([]);
    expect(result?.files).toBeDefined();
  });
});
