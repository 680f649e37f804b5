// `trtforge diff`'s verdicts against what the runner then does: each edit of the bundled spec is
// compiled on both sides, diffed (golden markdown per edit), and the edited plan is then run on
// the stand-in tools — the steps the diff says re-run are exactly the ones that execute.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSpecs, diffCompiled, supportedBackendVersions, type CompiledSide, type ModelDiff } from '@trtforge/compiler';
import type { Plan } from '@trtforge/spec';
import { renderModelMarkdown } from '../../packages/cli/src/diff/markdown.js';
import { TempRepo } from '../helpers/temp-repo.js';
import { ROOT } from '../helpers/paths.js';
import { serveOnce, statuses } from './helpers/run.js';
import { createWorkspace, usePorts, type Workspace } from './helpers/workspace.js';

const MODEL = 'qwen2.5-0.5b';
const BASE = readFileSync(join(ROOT, 'models', MODEL, 'model.ts'), 'utf8');
const GOLDEN = join(ROOT, 'test/runner/fixtures/diff-golden');

/** A textual edit of the spec that must apply (a silent no-op would make the row meaningless). */
function edit(from: string | RegExp, to: string): (spec: string) => string {
  return (spec) => {
    const out = spec.replace(from, to);
    if (out === spec) throw new Error(`edit did not apply: ${String(from)}`);
    return out;
  };
}

interface Row { name: string; spec: (base: string) => string }

// Releases and families come from the compiler's data: when another release or converter table lands, a row appears.
const baseRelease = '0.17.0';
const releases = supportedBackendVersions().filter((v) => v !== baseRelease);
const releaseImages: Record<string, string[]> = Object.fromEntries(Object.entries(
  (JSON.parse(readFileSync(join(ROOT, 'packages/compiler/data/versions.json'), 'utf8')) as { backends: Record<string, { images: string[] }> }).backends,
).map(([v, b]) => [v, b.images]));
const familyTables = readdirSync(join(ROOT, 'packages/compiler/data', `trtllm-${baseRelease}`)).flatMap((f) => /^convert_checkpoint\.(.+)\.json$/.exec(f)?.[1] ?? []);
const families = familyTables.filter((f) => f !== 'qwen');

const matrix: Row[] = [
  { name: 'batch size', spec: edit(/build: \{\n {4}maxBatchSize: 20,/, 'build: {\n    maxBatchSize: 24,') },
  { name: 'KV fraction', spec: edit('freeGpuMemFraction: 0.9 }', 'freeGpuMemFraction: 0.85 }') },
  { name: 'queue size', spec: edit('maxQueueSize: 64,', 'maxQueueSize: 128,') },
  { name: 'streaming', spec: edit('streaming: true,', 'streaming: false,') },
  { name: 'tp', spec: edit("  streaming: true,", "  parallelism: { tp: 2 },\n  streaming: true,") },
  // The same image pinned by digest: not in the release's image list, so TRT114 is silenced with a reason, as a user would.
  { name: 'image', spec: edit("  serve: {", "  runtime: { image: 'nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' },\n  lints: { silence: { TRT114: 'the 25.01 image pinned by digest' } },\n  serve: {") },
  { name: 'serve mode', spec: edit("mode: 'triton',", "mode: 'trtllm-serve',") },
  // Another release runs in its own image (versions.json pairs them): both move together, as a user would write it.
  ...releases.map((v) => ({ name: `release ${v}`, spec: edit('  serve: {', `  runtime: { backendVersion: '${v}', image: '${releaseImages[v]![0]}' },\n  serve: {`) })),
  ...families.map((f) => ({ name: `family ${f}`, family: f, spec: edit("hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct',", `hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct',\n    family: '${f}',`) })),
];

/**
 * Makes the workspace's weights a model of `family` (config.json's model_type and architectures from
 * that family's converter table, the rest unchanged); returns the undo.
 */
function weightsOf(modelDir: string, family: string): () => void {
  const file = join(modelDir, 'config.json');
  const before = readFileSync(file, 'utf8');
  const table = JSON.parse(readFileSync(join(ROOT, 'packages/compiler/data', `trtllm-${baseRelease}`, `convert_checkpoint.${family}.json`), 'utf8')) as { weights: { modelTypes: string[]; architectures: string[] } };
  writeFileSync(file, JSON.stringify({ ...JSON.parse(before), model_type: table.weights.modelTypes[0], architectures: [table.weights.architectures[0]] }, null, 2));
  return () => writeFileSync(file, before);
}

const slug = (name: string) => name.replace(/[^a-z0-9.]+/gi, '-').toLowerCase();

/** Golden markdown: rewritten with TRTFORGE_UPDATE_GOLDEN=1, compared otherwise. */
function expectGolden(name: string, text: string): void {
  const file = join(GOLDEN, `${slug(name)}.md`);
  if (process.env.TRTFORGE_UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, text);
    if (process.env.TRTFORGE_UPDATE_GOLDEN !== '1') throw new Error(`wrote the missing golden ${file}: review and commit it`);
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe('trtforge diff: the "re-runs" column is what the runner then does', () => {
  const repo = new TempRepo();
  let ws: Workspace;
  let trace: string;
  const sides = new Map<string, CompiledSide>();

  /** Compiles one spec text as models/<MODEL>/ of a throwaway repository (each variant its own folder). */
  const compileVariant = (key: string, source: string): CompiledSide => {
    const cached = sides.get(key);
    if (cached) return cached;
    const dir = join(repo.dir, 'variants', slug(key));
    mkdirSync(join(dir, 'models', MODEL), { recursive: true });
    for (const f of ['package.json', 'turbo.json']) copyFileSync(join(ROOT, 'models', MODEL, f), join(dir, 'models', MODEL, f));
    writeFileSync(join(dir, 'models', MODEL, 'model.ts'), source);
    if (!existsSync(join(dir, 'node_modules'))) writeFileSync(join(dir, 'package.json'), '{ "private": true, "workspaces": ["models/*"] }\n');
    const [r] = compileSpecs([join(dir, 'models', MODEL, 'model.ts')], { root: dir, cwd: dir, cacheDir: false });
    if (!r?.files || !r.resolved) throw new Error(`${key} does not compile:\n${r?.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`).join('\n')}`);
    const side = { files: r.files, resolved: r.resolved };
    sides.set(key, side);
    return side;
  };

  /** Puts a compiled side in the runner workspace, as createWorkspace prepares a generated plan. */
  const install = (side: CompiledSide) => {
    const dir = join(ws.root, 'generated', MODEL);
    rmSync(dir, { recursive: true, force: true });
    for (const [file, text] of Object.entries(side.files)) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const plan = JSON.parse(side.files['plan.json']!) as Plan;
    plan.inputs.modelDir = 'hf/model';
    plan.inputs.tokenizerDir = 'hf/model';
    usePorts(plan, ws.ports);
    writeFileSync(ws.planPath, `${JSON.stringify(plan, null, 2)}\n`);
  };

  const executions = (): string[] => {
    try {
      return readFileSync(trace, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split(' ')[0]!);
    } catch {
      return [];
    }
  };

  /** Runs serve on the installed plan; returns the runner's statuses and which build tools executed. */
  const runServe = async () => {
    const before = executions().length;
    const run = await serveOnce(ws);
    const tools = executions().slice(before).filter((t) => t === 'convert_checkpoint.py' || t === 'trtllm-build');
    return { statuses: statuses(run), tools };
  };

  /** What the diff predicts, in the runner's words: convert/build/repo built or reused. */
  const predicted = (d: ModelDiff) => {
    const out: Record<string, string> = {};
    for (const s of d.steps) {
      if (s.step === 'serve' || s.verdict === 'not used') continue;
      // The workspace runs the `local` runtime: host paths in the configs make a new engine a new repository.
      const reRuns = s.verdict === 're-runs' || s.verdict === 'added' || (s.localRuntime?.length ?? 0) > 0;
      out[s.step] = reRuns ? 'built' : 'reused';
    }
    return out;
  };

  beforeAll(async () => {
    ws = await createWorkspace();
    trace = join(ws.root, 'trace.log');
    ws.env.TRTFORGE_STANDIN_TRACE = trace;
    ws.env.TRTFORGE_STANDIN_GPUS = '8.6,8.6';
  });
  afterAll(() => {
    ws?.cleanup();
    repo.dispose();
  });

  it('the matrix holds a row per release and family the compiler data knows besides the base', () => {
    expect(matrix.filter((r) => r.name.startsWith('release ')).map((r) => r.name)).toEqual(releases.map((v) => `release ${v}`));
    expect(matrix.filter((r) => r.name.startsWith('family ')).map((r) => r.name)).toEqual(families.map((f) => `family ${f}`));
    expect(familyTables).toContain('qwen');
  });

  it('added model: every step runs, and on an empty store every one executes', async () => {
    const after = compileVariant('base', BASE);
    const d = diffCompiled(MODEL, undefined, after);
    expect(d.status).toBe('added');
    expectGolden('added model', renderModelMarkdown(d));
    install(after);
    const run = await runServe();
    expect(run.statuses).toEqual(predicted(d));
    expect(run.tools).toEqual(['convert_checkpoint.py', 'trtllm-build']);
  }, 240_000); // a type-check and a whole stand-in pipeline, on a busy machine

  for (const row of matrix) {
    it(`${row.name}: golden diff, and the runner re-runs exactly the steps it names`, async () => {
      // GIVEN the base deployed (its entries in the store)
      const base = compileVariant('base', BASE);
      install(base);
      await runServe();
      // WHEN the spec is edited and diffed
      const after = compileVariant(row.name, row.spec(BASE));
      const d = diffCompiled(MODEL, base, after);
      expect(d.status).toBe('changed');
      expectGolden(row.name, renderModelMarkdown(d));
      // THEN serving the edit runs what the diff says, and the build tools that execute match it
      install(after);
      // (another family converts other weights: the runner checks config.json against the family first)
      const restore = 'family' in row && row.family ? weightsOf(ws.modelDir, row.family) : undefined;
      try {
        const run = await runServe();
        const want = predicted(d);
        expect(run.statuses).toEqual(want);
        expect(run.tools).toEqual([want.convert === 'built' ? 'convert_checkpoint.py' : [], want.build === 'built' ? 'trtllm-build' : []].flat());
      } finally {
        restore?.();
      }
    }, 240_000);
  }

  it('removed model: every step is gone, nothing to run', () => {
    const d = diffCompiled(MODEL, compileVariant('base', BASE), undefined);
    expect(d.status).toBe('removed');
    expect(d.steps.map((s) => s.verdict)).toEqual(['removed', 'removed', 'removed', 'removed']);
    expect(d.configs.map((c) => c.status)).toEqual(['removed', 'removed', 'removed', 'removed', 'removed']);
    expectGolden('removed model', renderModelMarkdown(d));
  });
});
