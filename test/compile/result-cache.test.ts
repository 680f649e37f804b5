import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';
import { TempRepo, specSource } from '../helpers/temp-repo.js';

/**
 * The result cache (validate → resolve → lint → synth of one spec) is used only while every host
 * fact the compile read still holds: here the oracle is what the CLI writes and reports, with a
 * planted marker in the cached entry proving when a run was served from it.
 */
let repo: TempRepo;
let cache: string;
beforeEach(() => {
  repo = new TempRepo();
  cache = mkdtempSync(join(tmpdir(), 'trtforge-result-cache-'));
});
afterEach(() => {
  repo.dispose();
  rmSync(cache, { recursive: true, force: true });
});

const MARKER = '\n<!-- served from the result cache -->\n';
const compile = () => repo.trtforgeWithEnv({ TRTFORGE_COMPILE_CACHE: cache }, 'compile', 'm');
const plan = () => readFileSync(join(repo.dir, 'generated/m/PLAN.md'), 'utf8');

/** Appends MARKER to PLAN.md in every stored result: a run that prints it was served from the cache. */
function plantMarker(): void {
  const dir = join(cache, 'result');
  const names = readdirSync(dir).filter((n) => n.endsWith('.bin'));
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) {
    const entry = deserialize(readFileSync(join(dir, name))) as { parts: { files: Record<string, string> } };
    entry.parts.files['PLAN.md'] += MARKER;
    writeFileSync(join(dir, name), serialize(entry));
  }
}

describe('result cache', () => {
  it('serves an unchanged spec, and stops when the workspace files next to it change', () => {
    repo.addModel('m', specSource('m'));
    writeFileSync(join(repo.dir, 'models/m/package.json'), '{ "name": "m", "private": true }\n');
    expect(compile().code).toBe(0);
    plantMarker();
    // GIVEN nothing changed WHEN compiled again THEN the stored result is used
    expect(compile().code).toBe(0);
    expect(plan()).toContain(MARKER);
    // WHEN package.json (read by TRT160, not part of the spec) names another model
    writeFileSync(join(repo.dir, 'models/m/package.json'), '{ "name": "other", "private": true }\n');
    const r = compile();
    // THEN the spec is compiled again and the error is reported
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('TRT160');
  });

  it('stops serving when a directory a lint found is gone', () => {
    // GIVEN a spec whose modelDir looks like a Hub id but is a directory in the repository (TRT170 passes)
    mkdirSync(join(repo.dir, 'org/weights'), { recursive: true });
    repo.addModel('m', specSource('m').replace("modelDir: '/models/x'", "modelDir: 'org/weights'"));
    expect(compile().code).toBe(0);
    plantMarker();
    expect(compile().code).toBe(0);
    expect(plan()).toContain(MARKER);
    // WHEN the directory is removed THEN TRT170 reports it: the cached pass is not replayed
    rmSync(join(repo.dir, 'org'), { recursive: true });
    const r = compile();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('TRT170');
  });

  it('an unchanged spec loads none of the stages it skips', () => {
    repo.addModel('m', specSource('m'));
    expect(compile().code).toBe(0);
    // WHEN compiled again with every loaded module traced
    const trace = join(cache, 'modules.trace');
    const hook = fileURLToPath(new URL('../helpers/trace-modules.mjs', import.meta.url));
    const r = repo.trtforgeWithEnv({ TRTFORGE_COMPILE_CACHE: cache, TRTFORGE_TRACE_MODULES: trace, NODE_OPTIONS: `--import ${hook}` }, 'compile', 'm');
    expect(r.code).toBe(0);
    // (the compiler runs as its single-file build: each loaded file of it stands for the modules esbuild joined into it)
    const loaded = readFileSync(trace, 'utf8').split('\n').filter(Boolean).flatMap(compilerModulesIn);
    // THEN the fast path ran (its module loaded, or the CLI bundle that joins it in: packages/cli/scripts/bundle.mjs),
    // the compiler's entry point did not load, and neither did validate, resolve, lint, emit or pbtxt
    expect(loaded.some((u) => u.endsWith('/packages/compiler/dist/cached.js') || u.endsWith('/packages/cli/dist/bundle/main.cjs'))).toBe(true);
    expect(loaded.filter((u) => u.endsWith('/packages/compiler/dist/index.js'))).toEqual([]);
    const stages = loaded.filter((u) => /\/packages\/compiler\/dist\/(validate|resolve|lints\/rules\/(?!hardening\/secret-patterns)|emit\/(?!marker)|synth)|\/packages\/pbtxt\//.test(u));
    expect(stages).toEqual([]);
  });

  it('never stores a result with errors', () => {
    // (a lint error: Triton's batch is larger than the engine's)
    repo.addModel('m', specSource('m').replace('triton: { excludeInputInOutput: true, maxBatchSize: 8 }', 'triton: { excludeInputInOutput: true, maxBatchSize: 16 }'));
    const r = compile();
    expect(r.code).toBe(1);
    let stored: string[] = [];
    try { stored = readdirSync(join(cache, 'result')); } catch { /* no directory: nothing stored */ }
    expect(stored).toEqual([]);
  });
});

/** A loaded file's URL → the compiler modules in it (a dist/bundle/ file lists its inputs in esbuild's metafile); other files as they are. */
function compilerModulesIn(url: string): string[] {
  const bundle = '/packages/compiler/dist/bundle/';
  const at = url.indexOf(bundle);
  if (at < 0) return [url];
  const meta = JSON.parse(readFileSync(join(ROOT, 'packages/compiler/dist/bundle/meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const output = meta.outputs[`dist/bundle/${url.slice(at + bundle.length)}`];
  if (!output) throw new Error(`${url}: not in dist/bundle/meta.json (rebuild the compiler)`);
  return Object.keys(output.inputs).map((input) => `${url.slice(0, at)}/packages/compiler/${input}`);
}
