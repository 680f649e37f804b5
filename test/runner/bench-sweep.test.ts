import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBenchRunManifest, createRunContext, readManifest, runBenchSweep, selectStoredRuns } from '@trtforge/runner';
import type { ServeModeName } from '@trtforge/spec';
import { withServer } from './helpers/bench-server.js';
import { createWorkspace, REPO_ROOT, SECRET, type Workspace } from './helpers/workspace.js';


/** Servers, genai-perf and a browser on a 2-core machine shared with other runs: generous, so load never fails a case. */
const SLOW = 300_000;
/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The stored exports have perf_analyzer's / genai-perf's r25.01 layout (src/profile_data_exporter.cc,
 * genai_perf/export_data/csv_exporter.py, inputs/converters/*; see test/stand-ins/genai-perf.mjs).
 */
function checkExportLayout(dir: string, mode: ServeModeName, concurrency: number): void {
  const raw = JSON.parse(readFileSync(join(dir, 'profile_export.json'), 'utf8'));
  expect(Object.keys(raw)).toEqual(['experiments', 'version', 'service_kind', 'endpoint']);
  expect(raw.service_kind).toBe(mode === 'triton' ? 'triton' : 'openai');
  expect(raw.endpoint).toBe(mode === 'triton' ? '' : 'v1/chat/completions');
  const [experiment] = raw.experiments;
  expect(experiment.experiment).toEqual({ mode: 'concurrency', value: concurrency });
  expect(experiment.window_boundaries).toHaveLength(2);
  expect(experiment.requests).toHaveLength(6);
  for (const request of experiment.requests) {
    expect(Object.keys(request)).toEqual(['timestamp', 'request_inputs', 'response_timestamps', 'response_outputs']);
    expect(request.response_outputs).toHaveLength(request.response_timestamps.length);
    if (mode === 'triton') {
      expect(request.request_inputs).toMatchObject({ max_tokens: 100, stream: true, min_length: 100 });
      expect(Object.keys(request.response_outputs[0])).toEqual(['text_output']);
    } else {
      expect(JSON.parse(request.request_inputs.payload)).toMatchObject({ messages: [{ role: 'user' }], stream: true, max_tokens: 100 });
      expect(request.response_outputs[0].response).toMatch(/^data: \{.*\}\n\n$/s);
    }
  }
  const inputs = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8'));
  expect(inputs.data).toHaveLength(100); // --num-dataset-entries' default
  expect(Object.keys(inputs.data[0])).toEqual(mode === 'triton' ? ['model', 'text_input', 'max_tokens', 'stream', 'min_length'] : ['payload']);
  const csv = readFileSync(join(dir, 'profile_export_genai_perf.csv'), 'utf8').split('\n');
  expect(csv[0]).toBe('Metric,avg,min,max,p99,p95,p90,p75,p50,p25');
  expect(csv.map((line) => line.split(',')[0])).toEqual(expect.arrayContaining(['Time To First Token (ms)', 'Time To Second Token (ms)', 'Request Latency (ms)', 'Inter Token Latency (ms)', '', 'Metric']));
  expect(csv).toContain('Request Count (count),6.00');
}

/**
 * A sweep of 4 concurrency points against the stand-in server of each serve mode: 4 stored runs
 * under bench/<model>/, each with genai-perf's exports and a complete, schema-checked manifest
 * naming what was measured on what — and nothing of this host (paths, the HF token) in them.
 */
describe('trtforge bench sweeps: stored runs with manifests (stand-in tools)', () => {
  let ws: Workspace;
  let specSha: string;
  beforeAll(async () => {
    ws = await createWorkspace({ generated: 'qwen2.5-0.5b' });
    // The spec the plan was compiled from, so the manifest can hash it.
    copyFileSync(join(REPO_ROOT, 'models', ws.model, 'model.ts'), join(ws.root, 'models', ws.model, 'model.ts'));
    specSha = createHash('sha256').update(readFileSync(join(ws.root, 'models', ws.model, 'model.ts'))).digest('hex');
    // Fewer requests per point: the tests check what is stored, never the figures.
    ws.editPlan((plan) => {
      for (const step of Object.values(plan.bench ?? {})) {
        step.argv = step.argv.map((arg, i, argv) => (argv[i - 1] === '--request-count' ? '6' : argv[i - 1] === '--warmup-request-count' ? '1' : arg));
      }
    });
  }, SLOW);
  afterAll(() => ws.cleanup());

  const sweeps: Record<string, string> = {};

  it.each(['triton', 'trtllm-serve', 'openai'] as const)('%s: 4 points → 4 stored runs with complete manifests', async (mode) => {
    const seen: string[] = [];
    const result = await withServer(ws, mode, (ctx) => runBenchSweep(ctx, { mode, concurrency: [1, 2, 3, 4], onRun: (run) => seen.push(run.id) }));
    if (result.status !== 'done') throw new Error('expected a measured sweep');
    sweeps[mode] = result.sweepId;
    expect(result.runs.map((r) => r.manifest.point.concurrency)).toEqual([1, 2, 3, 4]);
    expect(seen).toEqual(result.runs.map((r) => r.id));
    const buildKey = (await readManifest(ws.stateDir, 'build'))?.key;
    expect(buildKey).toMatch(/^[0-9a-f]{64}$/);
    for (const [index, run] of result.runs.entries()) {
      // THEN each run is a directory of its own under bench/<model>/, holding genai-perf's exports
      expect(run.dir).toBe(join(ws.root, 'bench', ws.model, `${result.sweepId}-c${index + 1}`));
      expect(readdirSync(run.dir).sort()).toEqual(['inputs.json', 'manifest.json', 'profile_export.json', 'profile_export_genai_perf.csv', 'profile_export_genai_perf.json']);
      // AND its manifest on disk passes the schema and says what was measured on what
      const manifest = JSON.parse(readFileSync(join(run.dir, 'manifest.json'), 'utf8'));
      expect(await checkBenchRunManifest(manifest)).toEqual([]);
      expect(manifest).toMatchObject({
        runId: `${result.sweepId}-c${index + 1}`,
        model: ws.model,
        sweep: { id: result.sweepId, index, concurrency: [1, 2, 3, 4] },
        point: { concurrency: index + 1, inputTokens: 200, outputTokens: 100, requestCount: 6, warmupRequests: 1, streaming: true },
        serve: { mode, image: 'nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3', imageId: null },
        engine: { key: buildKey },
        spec: { path: `models/${ws.model}/model.ts`, sha256: specSha, generator: 'trtforge 0.1.0', versions: { triton: '25.01' } },
        gpu: { available: true, devices: [{ index: 0, name: 'NVIDIA A10G', driver: '550.54.15' }] },
        benchImage: { ref: 'nvcr.io/nvidia/tritonserver:25.01-py3-sdk', id: null },
        runtime: 'local',
        trtforge: { version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
        tools: { genaiPerf: { standIn: true, perfAnalyzerVersion: 'stand-in' } },
        standIn: true,
      });
      expect(manifest.serve.model).toBe(ws.plan().serve.modes[mode].model);
      expect(Date.parse(manifest.date)).not.toBeNaN();
      // AND genai-perf's summary of that point is the one read back
      expect(run.metrics.request_count?.avg).toBe(6);
      expect(JSON.parse(readFileSync(join(run.dir, 'profile_export_genai_perf.json'), 'utf8')).input_config.concurrency).toBe(index + 1);
      checkExportLayout(run.dir, mode, index + 1);
    }
    // AND nothing half-written is left beside the runs
    expect(readdirSync(join(ws.root, 'bench', ws.model)).filter((name) => name.startsWith('.'))).toEqual([]);
  }, SLOW);

  it('stored runs carry no host path and no secret (the exports name them by role)', () => {
    const home = ws.env.HOME || homedir();
    const files = filesUnder(join(ws.root, 'bench'));
    expect(files.length).toBeGreaterThanOrEqual(12 * 5);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain(ws.root);
      expect(text, file).not.toContain(tmpdir());
      if (home.length > 1) expect(text, file).not.toContain(`"${home}`);
      expect(text, file).not.toContain(SECRET);
    }
    // genai-perf recorded its --tokenizer / --artifact-dir (host paths under the runtime local): kept by role
    const [run] = readdirSync(join(ws.root, 'bench', ws.model));
    const config = JSON.parse(readFileSync(join(ws.root, 'bench', ws.model, run!, 'profile_export_genai_perf.json'), 'utf8')).input_config;
    expect(config.tokenizer).toBe('<tokenizer>');
    expect(config.artifact_dir).toBe('<artifact-dir>');
    expect(JSON.parse(readFileSync(join(ws.root, 'bench', ws.model, run!, 'manifest.json'), 'utf8')).scrubbed).toEqual(['<artifact-dir>', '<tokenizer>']);
  }, SLOW);

  it('runs are selected by model, sweep or run id; an unknown one lists what exists', async () => {
    expect(Object.keys(sweeps)).toHaveLength(3);
    expect(await selectStoredRuns(ws.root, [])).toHaveLength(12);
    expect(await selectStoredRuns(ws.root, [ws.model])).toHaveLength(12);
    const sweep = await selectStoredRuns(ws.root, [`${ws.model}/${sweeps.openai}`]);
    expect(sweep.map((r) => r.manifest.serve.mode)).toEqual(['openai', 'openai', 'openai', 'openai']);
    const one = await selectStoredRuns(ws.root, [`bench/${ws.model}/${sweeps.triton}-c3`]);
    expect(one.map((r) => r.id)).toEqual([`${ws.model}/${sweeps.triton}-c3`]);
    const byDir = await selectStoredRuns(ws.root, [join(ws.root, 'bench', ws.model, `${sweeps['trtllm-serve']}-c2`)]);
    expect(byDir.map((r) => r.id)).toEqual([`${ws.model}/${sweeps['trtllm-serve']}-c2`]);
    await expect(selectStoredRuns(ws.root, ['llama-3-8b'])).rejects.toMatchObject({ code: 'bench-run-unknown', message: 'no stored run matches "llama-3-8b"' });
  }, SLOW);

  it('a failing point stores nothing of itself and leaves no partial directory', async () => {
    const before = readdirSync(join(ws.root, 'bench', ws.model)).length;
    const error = await withServer(ws, 'triton', (ctx) => runBenchSweep(ctx, { mode: 'triton', concurrency: [2, 4] }).catch((e: unknown) => e), { TRTFORGE_STANDIN_FAIL: 'genai-perf' });
    expect(error).toMatchObject({ code: 'bench-failed' });
    expect(readdirSync(join(ws.root, 'bench', ws.model))).toHaveLength(before);
    expect(existsSync(join(ws.root, 'bench', ws.model, '.partial'))).toBe(false);
  }, SLOW);
});

describe('trtforge bench sweeps without a server', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace({ generated: 'qwen2.5-0.5b' });
  }, SLOW);
  afterAll(() => ws.cleanup());

  it('one clear error, and no bench/ directory left in the checkout', async () => {
    const ctx = await createRunContext(ws.runOptions());
    await expect(runBenchSweep(ctx, { mode: 'openai', concurrency: [1, 4] })).rejects.toMatchObject({ code: 'bench-no-server', message: `no openai server is ready at http://127.0.0.1:${ws.ports.openai}/health/ready` });
    expect(existsSync(join(ws.root, 'bench'))).toBe(false);
  }, SLOW);
});
