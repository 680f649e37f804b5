import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ServeModeName } from '@trtforge/spec';
import { runBench, selectBenchStep, type BenchResult } from '../bench.js';
import type { RunContext } from '../context.js';
import { RunnerError } from '../errors.js';
import { engineIdentity, gpuIdentity, RUNNER_VERSION, serveIdentity, specIdentity } from './identity.js';
import { checkBenchRunManifest, GENAI_PERF_EXPORTS, type BenchRunManifest } from './manifest.js';
import { scrubExports, type HostValue } from './scrub.js';
import { benchRunsDir, MANIFEST_FILE, metricsOf, type StoredBenchRun } from './stored-runs.js';

export interface BenchSweepOptions {
  /** Default: the plan's `serve.selected`. */
  mode?: ServeModeName;
  /** One genai-perf run per value, in this order. Default: the compiled concurrency (one point). */
  concurrency?: number[];
  /** Called after each point is stored (the CLI prints its table as the sweep goes). */
  onRun?: (run: StoredBenchRun, result: BenchResult) => void;
}

export type BenchSweepResult =
  | { status: 'dry-run'; mode: ServeModeName; results: BenchResult[] }
  | { status: 'done'; mode: ServeModeName; sweepId: string; runs: StoredBenchRun[] };

/** `20261202T003000Z`: sorts by time, safe in a file name. */
const stampOf = (date: Date): string => date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');

/** The compiled value of `flag` in genai-perf's argv. */
function argValue(argv: readonly string[], flag: string): number {
  const at = argv.indexOf(flag);
  const value = at >= 0 ? Number(argv[at + 1]) : Number.NaN;
  if (!Number.isFinite(value)) throw new RunnerError('bench-plan', `the compiled genai-perf command has no ${flag}`, { hint: 'recompile: trtforge compile <model>' });
  return value;
}

/** A sweep id no stored run uses yet (two sweeps in the same second get -2, -3, …). */
async function freshSweepId(modelDir: string, base: string): Promise<string> {
  const taken = existsSync(modelDir) ? await readdir(modelDir) : [];
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!taken.some((name) => name === id || name.startsWith(`${id}-c`) || name.startsWith(`.partial-${id}-c`))) return id;
  }
}

/** Strings of this host that genai-perf may record in its exports, by role. */
function hostValues(ctx: RunContext, artifactDir: string): HostValue[] {
  return [
    { value: artifactDir, placeholder: '<artifact-dir>' },
    { value: ctx.inputs.tokenizerDir, placeholder: '<tokenizer>' },
    { value: ctx.inputs.modelDir, placeholder: '<model-dir>' },
    { value: ctx.stateDir, placeholder: '<state-dir>' },
    { value: ctx.store.root, placeholder: '<store>' },
    { value: ctx.root, placeholder: '<repo>' },
    { value: ctx.env.HOME || homedir(), placeholder: '~' },
  ];
}

/**
 * `trtforge bench <model> --concurrency 1,4,16,64`: one genai-perf run per point against the
 * running server, each stored as `bench/<model>/<sweep-id>-c<N>/` — genai-perf's exports (host
 * paths and secrets replaced) plus a schema-checked manifest of what was measured on what. A run
 * directory appears whole or not at all (written under `.partial-…`, renamed when complete); a
 * failing point leaves the points before it stored.
 */
export async function runBenchSweep(ctx: RunContext, options: BenchSweepOptions = {}): Promise<BenchSweepResult> {
  const first = selectBenchStep(ctx, options.mode ? { mode: options.mode } : {});
  const mode = first.mode;
  const concurrency = options.concurrency && options.concurrency.length > 0 ? options.concurrency : [argValue(first.argv, '--concurrency')];
  if (ctx.dryRun) {
    const results: BenchResult[] = [];
    for (const c of concurrency) results.push(await runBench(ctx, { mode, concurrency: c }));
    return { status: 'dry-run', mode, results };
  }
  const modelDir = benchRunsDir(ctx.root, ctx.plan.model);
  const sweepId = await freshSweepId(modelDir, `${stampOf(new Date())}-${mode}`);
  // What the runs were measured on is the same for every point: asked once.
  const [spec, engine, serve, gpu, benchImage] = await Promise.all([
    specIdentity(ctx), engineIdentity(ctx), serveIdentity(ctx, mode),
    gpuIdentity(ctx.env, ctx.plan.parallelism.gpuIds), ctx.probes.image(first.image),
  ]);
  const runs: StoredBenchRun[] = [];
  for (const [index, c] of concurrency.entries()) {
    const runId = `${sweepId}-c${c}`;
    const partial = join(modelDir, `.partial-${runId}`);
    const final = join(modelDir, runId);
    try {
      const result = await runBench(ctx, { mode, concurrency: c, artifactDir: partial });
      const step = result.step;
      // Only genai-perf's exports are kept: anything else in its artifact dir is not part of a run.
      const present = new Set(await readdir(partial));
      for (const name of present) if (!(GENAI_PERF_EXPORTS as readonly string[]).includes(name)) await rm(join(partial, name), { recursive: true, force: true });
      const files = GENAI_PERF_EXPORTS.filter((name) => present.has(name));
      const scrubbed = await scrubExports(partial, files, hostValues(ctx, partial), ctx.secrets());
      const rawExport = present.has('profile_export.json') ? (JSON.parse(await readFile(join(partial, 'profile_export.json'), 'utf8')) as { version?: unknown }) : {};
      const manifest: BenchRunManifest = {
        format: 1,
        kind: 'trtforge-bench-run',
        runId,
        model: ctx.plan.model,
        sweep: { id: sweepId, index, concurrency },
        point: {
          concurrency: c,
          inputTokens: argValue(step.argv, '--synthetic-input-tokens-mean'),
          outputTokens: argValue(step.argv, '--output-tokens-mean'),
          requestCount: argValue(step.argv, '--request-count'),
          warmupRequests: argValue(step.argv, '--warmup-request-count'),
          streaming: step.argv.includes('--streaming'),
        },
        serve,
        engine,
        spec,
        gpu,
        benchImage: { ref: benchImage.ref, id: benchImage.id },
        runtime: ctx.runtime.name,
        date: new Date().toISOString(),
        trtforge: { version: RUNNER_VERSION },
        tools: { genaiPerf: { standIn: result.standIn === true, perfAnalyzerVersion: typeof rawExport.version === 'string' ? rawExport.version : null } },
        standIn: result.standIn === true,
        files: [...files],
        scrubbed,
      };
      const problems = await checkBenchRunManifest(manifest);
      if (problems.length > 0) throw new Error(`bench run manifest fails its schema: ${problems.join('; ')}`);
      await writeFile(join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
      await rename(partial, final);
      const run: StoredBenchRun = { id: `${ctx.plan.model}/${runId}`, dir: final, manifest, metrics: metricsOf(JSON.parse(await readFile(join(final, 'profile_export_genai_perf.json'), 'utf8'))) };
      runs.push(run);
      options.onRun?.(run, { ...result, artifactDir: final });
    } catch (error) {
      await rm(partial, { recursive: true, force: true });
      // A first point that failed (no server, say) leaves no empty bench/<model>/ or bench/ behind.
      for (const dir of [modelDir, benchRunsDir(ctx.root)]) await rmdir(dir).catch(() => undefined);
      throw error;
    }
  }
  return { status: 'done', mode, sweepId, runs };
}
