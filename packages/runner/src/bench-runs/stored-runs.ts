import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { GenaiPerfMetric } from '../bench.js';
import { RunnerError } from '../errors.js';
import { checkBenchRunManifest, type BenchRunManifest } from './manifest.js';

/** Stored runs live in the checkout, beside models/ and generated/: `bench/<model>/<run-id>/`. */
export const BENCH_DIR = 'bench';
export const MANIFEST_FILE = 'manifest.json';
export const SUMMARY_FILE = 'profile_export_genai_perf.json';

/** One stored run: its manifest and genai-perf's summary metrics. */
export interface StoredBenchRun {
  /** `<model>/<run-id>`: how commands name a run. */
  id: string;
  dir: string;
  manifest: BenchRunManifest;
  /** genai-perf's metrics by name (time_to_first_token, request_throughput, …). */
  metrics: Record<string, GenaiPerfMetric>;
}

export function benchRunsDir(root: string, model?: string): string {
  return model ? join(root, BENCH_DIR, model) : join(root, BENCH_DIR);
}

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new RunnerError('bench-run-unreadable', `${what} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RunnerError('bench-run-invalid', `${what} ${path} is not JSON (${(error as Error).message})`);
  }
}

/** genai-perf's summary keeps one object per metric (with `unit`) next to `input_config` and `telemetry_stats`. */
export function metricsOf(summary: unknown): Record<string, GenaiPerfMetric> {
  const metrics: Record<string, GenaiPerfMetric> = {};
  if (!summary || typeof summary !== 'object') return metrics;
  for (const [name, value] of Object.entries(summary)) {
    if (value && typeof value === 'object' && typeof (value as { unit?: unknown }).unit === 'string') metrics[name] = value as GenaiPerfMetric;
  }
  return metrics;
}

/** Reads and schema-checks one stored run; a damaged or foreign directory is an error naming the file. */
export async function readStoredRun(dir: string, id: string): Promise<StoredBenchRun> {
  const manifestPath = join(dir, MANIFEST_FILE);
  const manifest = await readJson(manifestPath, 'bench run manifest');
  const problems = await checkBenchRunManifest(manifest);
  if (problems.length > 0) {
    throw new RunnerError('bench-run-invalid', `${manifestPath} is not a trtforge bench run manifest`, { details: problems.slice(0, 8), hint: 'remove the directory or re-run the sweep' });
  }
  const metrics = metricsOf(await readJson(join(dir, SUMMARY_FILE), "genai-perf's summary"));
  return { id, dir, manifest: manifest as BenchRunManifest, metrics };
}

async function subdirs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Every `<model>/<run-id>` under bench/, sorted (run ids start with their UTC time). */
export async function listStoredRunIds(root: string): Promise<string[]> {
  const ids: string[] = [];
  for (const model of await subdirs(benchRunsDir(root))) {
    for (const run of await subdirs(benchRunsDir(root, model))) ids.push(`${model}/${run}`);
  }
  return ids;
}

/**
 * The runs `selectors` name. A selector is a model (`qwen2.5-0.5b`: all its runs), a run
 * (`qwen2.5-0.5b/<run-id>`, or its directory), or a sweep (`qwen2.5-0.5b/<sweep-id>`: the runs whose id starts with
 * it). No selector: every stored run. A selector that matches nothing is an error listing what exists.
 */
export async function selectStoredRuns(root: string, selectors: readonly string[]): Promise<StoredBenchRun[]> {
  const all = await listStoredRunIds(root);
  if (all.length === 0) {
    throw new RunnerError('bench-no-runs', `no stored benchmark runs under ${benchRunsDir(root)}`, { hint: 'run a sweep first: trtforge bench <model> --concurrency 1,4,16,64' });
  }
  const chosen = new Set<string>();
  for (const raw of selectors) {
    // A run's directory works too (absolute, or bench/… from the repository root).
    const selector = (isAbsolute(raw) ? relative(benchRunsDir(root), raw) : raw).replace(/^\.?\/?bench\//, '').replace(/\/+$/, '');
    const matches = all.filter((id) => id === selector || id.startsWith(selector.includes('/') ? selector : `${selector}/`));
    if (matches.length === 0) {
      throw new RunnerError('bench-run-unknown', `no stored run matches "${raw}"`, { details: all.slice(-10).map((id) => `  ${id}`), hint: 'name a model, a sweep (<model>/<sweep-id>) or a run (<model>/<run-id>)' });
    }
    for (const id of matches) chosen.add(id);
  }
  const ids = selectors.length === 0 ? all : all.filter((id) => chosen.has(id));
  return Promise.all(ids.map((id) => readStoredRun(join(benchRunsDir(root), id), id)));
}
