import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempRepo, specSource } from '../helpers/temp-repo.js';

/**
 * The load cache (type-check + evaluation), the result cache (validate → synth), the code cache of
 * TypeScript, the prebuilt schema validator and the plain-data fast path (no type-check for a
 * plain-data spec the schema accepts) never change what is reported or where: the whole bad-spec
 * corpus (and a valid spec) compiled with TRTFORGE_COMPILE_CACHE=off and TRTFORGE_TYPECHECK=always
 * (every spec type-checked, the schema compiled at run time) must print byte for byte what a run
 * that fills the cache prints (fast path on), and what a run served from it prints, with the same
 * generated/ output.
 */
const CORPUS = dirname(fileURLToPath(import.meta.url));
const CASES = readdirSync(CORPUS, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(CORPUS, e.name, 'model.ts')))
  .map((e) => e.name)
  .sort();
/** Specs that import something other than the spec API: their results depend on other files, so they are never cached. */
const UNCACHEABLE = CASES.filter((c) => /from '(?!@trtforge\/spec')/.test(readFileSync(join(CORPUS, c, 'model.ts'), 'utf8')));
const TRACE_HOOK = fileURLToPath(new URL('../helpers/trace-typescript.cjs', import.meta.url));

interface Run { code: number; stdout: string; stderr: string; generated: Record<string, string> }

let repo: TempRepo;
let scratch: string;
const runs: Record<'reference' | 'filling' | 'cached' | 'codeCached' | 'cachedOnly', Run> = {} as never;
let typescriptLoads = '';
/** The V8 code cache of TypeScript (name → mtime) before and after the codeCached run. */
const codeCache: { before: Record<string, number>; after: Record<string, number> } = { before: {}, after: {} };
/** Node < 22.1 has no compile cache of its own: the compiler then keeps TypeScript's compiled code itself (load/code-cache.ts). */
const OWN_CODE_CACHE = !('enableCompileCache' in Module);

function listing(dir: string): Record<string, number> {
  // (TypeScript's entry; v8/modules/ holds the CommonJS modules' of the CLI process, load/module-code-cache.ts)
  return existsSync(dir) ? Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.bin')).map((f) => [f, statSync(join(dir, f)).mtimeMs])) : {};
}

function compile(env: Record<string, string>): Run {
  const r = repo.trtforgeWithEnv(env, 'compile');
  return { ...r, stderr: r.stderr.split(repo.dir).join('<repo>'), generated: repo.snapshotGenerated() };
}

/** stderr blocks of one case (diagnostics are blank-line separated, each starting with its file). */
function blocksOf(stderr: string, name: string): string[] {
  return stderr.split('\n\n').filter((b) => b.startsWith(`models/${name}/`));
}

beforeAll(() => {
  repo = new TempRepo();
  scratch = mkdtempSync(join(tmpdir(), 'trtforge-cache-parity-'));
  repo.addModel('good', specSource('good'));
  for (const name of CASES) {
    mkdirSync(join(repo.dir, 'models', name));
    // model.ts, and the package.json / turbo.json of the workspace-* cases
    for (const file of readdirSync(join(CORPUS, name)).filter((f) => f !== 'expected.txt')) copyFileSync(join(CORPUS, name, file), join(repo.dir, 'models', name, file));
  }
  const base = { TRTFORGE_CORPUS_API_KEY: 'wb-9f8e7d6c5b4a' };
  const cache = join(scratch, 'cache');
  // GIVEN the reference path, WHEN a run fills the caches and another is served from them
  runs.reference = compile({ ...base, TRTFORGE_COMPILE_CACHE: 'off', TRTFORGE_TYPECHECK: 'always' });
  runs.filling = compile({ ...base, TRTFORGE_COMPILE_CACHE: cache });
  runs.cached = compile({ ...base, TRTFORGE_COMPILE_CACHE: cache });
  // AND a run with the load and result caches gone: every spec loaded again (the ones that are not plain, schema-valid data type-checked) with TypeScript's compiled code from the cache
  codeCache.before = listing(join(cache, 'v8'));
  for (const dir of ['load', 'result']) rmSync(join(cache, dir), { recursive: true, force: true });
  runs.codeCached = compile({ ...base, TRTFORGE_COMPILE_CACHE: cache });
  codeCache.after = listing(join(cache, 'v8'));
  // AND, without the cases that are never cached, a run that must not even load TypeScript
  for (const name of UNCACHEABLE) rmSync(join(repo.dir, 'models', name), { recursive: true });
  const trace = join(scratch, 'typescript.trace');
  runs.cachedOnly = compile({ ...base, TRTFORGE_COMPILE_CACHE: cache, TRTFORGE_TRACE_TYPESCRIPT: trace, NODE_OPTIONS: `--require ${TRACE_HOOK}` });
  typescriptLoads = existsSync(trace) ? readFileSync(trace, 'utf8') : '';
}, 240_000);

afterAll(() => {
  repo?.dispose();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('load cache: same diagnostics, same places, same output', () => {
  it('the reference run reports every case', () => {
    expect(runs.reference.code).toBe(1);
    for (const name of CASES) expect(blocksOf(runs.reference.stderr, name).length, name).toBeGreaterThan(0);
  });

  it('filling the caches prints exactly what the reference prints', () => {
    expect(runs.filling.code).toBe(runs.reference.code);
    expect(runs.filling.stdout).toBe(runs.reference.stdout);
    expect(runs.filling.stderr).toBe(runs.reference.stderr);
    expect(runs.filling.generated).toEqual(runs.reference.generated);
  });

  it('a run from the caches prints exactly what the reference prints', () => {
    expect(runs.cached.code).toBe(runs.reference.code);
    expect(runs.cached.stdout).toBe(runs.reference.stdout);
    expect(runs.cached.stderr).toBe(runs.reference.stderr);
    expect(runs.cached.generated).toEqual(runs.reference.generated);
  });

  it('type-checking with TypeScript compiled from the code cache prints exactly what the reference prints', () => {
    expect(runs.codeCached.code).toBe(runs.reference.code);
    expect(runs.codeCached.stdout).toBe(runs.reference.stdout);
    expect(runs.codeCached.stderr).toBe(runs.reference.stderr);
    expect(runs.codeCached.generated).toEqual(runs.reference.generated);
    if (OWN_CODE_CACHE) {
      // written by the filling run, read (and accepted by V8: not written again) by this one
      expect(Object.keys(codeCache.before)).toEqual([expect.stringMatching(/^typescript-[0-9a-f]{32}\.bin$/)]);
      expect(codeCache.after).toEqual(codeCache.before);
    }
  });

  it('the cached cases come from the cache (TypeScript never loaded) with the reference diagnostics', () => {
    expect(UNCACHEABLE).toEqual(['import-node-module', 'import-relative-module']);
    expect(typescriptLoads).toBe('');
    for (const name of CASES.filter((c) => !UNCACHEABLE.includes(c))) {
      expect(blocksOf(runs.cachedOnly.stderr, name), name).toEqual(blocksOf(runs.reference.stderr, name));
    }
    expect(runs.cachedOnly.generated).toEqual(runs.reference.generated);
  });
});
