// What clients see (issue 12 part 4): the served model name in each serve mode, through the
// stand-in servers. trtllm-serve serves the deployment name (its MODEL directory is mounted at
// /trtforge/served/<deployment>); Triton and its OpenAI frontend cannot rename a model, so the plan
// (and PLAN.md) name the Triton model to call, and infer / smoke / bench use that name.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServeModeName, ServeStep } from '@trtforge/spec';
import { createRunContext, serve } from '@trtforge/runner';
import { LlmClient, loadChatTemplate, readModelIds, targetFromServeStep } from '@trtforge/client';
import { createWorkspace, REPO_ROOT, STAND_INS, type Workspace } from './helpers/workspace.js';

const MODES: ServeModeName[] = ['triton', 'trtllm-serve', 'openai'];
const DEPLOYMENT = 'qwen2.5-0.5b';
// Bounds for a loaded machine, never what a test waits for.
const SLOW = { timeout: 120_000 };

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return response.json();
}

/** What a client of `step` sees once the server is up: the model it addresses and the models the server lists. */
async function clientView(step: ServeStep, tokenizerDir: string): Promise<{ model: string; listed: string[]; answered: boolean }> {
  const chatTemplate = step.mode === 'triton' ? await loadChatTemplate(tokenizerDir) : undefined;
  const client = new LlmClient({ target: targetFromServeStep(step), timeoutMs: 30_000, ...(chatTemplate ? { chatTemplate } : {}) });
  const result = await client.infer({ prompt: 'Hi', maxTokens: 4, stream: step.endpoints.some((e) => e.kind !== 'generate') });
  const origin = new URL(step.endpoints[0]!.url).origin;
  const listed =
    step.mode === 'triton'
      ? ((await (await fetch(`${origin}/v2/repository/index`, { method: 'POST' })).json()) as Array<{ name: string }>).map((m) => m.name)
      : readModelIds(await getJson(`${origin}/v1/models`));
  return { model: result.model, listed, answered: result.text.length > 0 };
}

describe('the served model name in every serve mode (stand-in servers)', SLOW, () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await createWorkspace({ generated: DEPLOYMENT });
  });
  afterEach(() => ws.cleanup());

  it('the plan names the model each mode serves: the deployment for trtllm-serve, a Triton model otherwise', () => {
    const { modes } = ws.plan().serve;
    expect(modes['trtllm-serve'].model).toBe(DEPLOYMENT);
    const modelArg = modes['trtllm-serve'].argv[1]!;
    expect(modelArg).toBe(`/trtforge/served/${DEPLOYMENT}`);
    expect(modes['trtllm-serve'].mounts.map((m) => m.target)).toContain(modelArg);
    expect(modes.triton.model).toBe('ensemble');
    expect(modes.openai.model).toBe('tensorrt_llm_bls');
    // bench asks genai-perf for the same name
    for (const mode of MODES) {
      const bench = ws.plan().bench[mode]!;
      expect(bench.argv[bench.argv.indexOf('--model') + 1]).toBe(modes[mode].model);
    }
  });

  it('PLAN.md says which name to call in each mode, and why it is not the deployment name where it cannot be', () => {
    const md = readFileSync(join(REPO_ROOT, 'generated', DEPLOYMENT, 'PLAN.md'), 'utf8');
    expect(md).toContain(`Model name to call: \`${DEPLOYMENT}\` (the deployment name).`);
    expect(md).toContain(`Model name to call: \`ensemble\`, not \`${DEPLOYMENT}\`: Triton serves each model under its model-repository directory name`);
    expect(md).toContain(`Model name to call: \`tensorrt_llm_bls\`, not \`${DEPLOYMENT}\`: Triton's OpenAI frontend (r25.01) has no option to name the served model`);
  });

  it.each(MODES)('%s: infer addresses the plan\'s name and the server serves a model of that name', async (mode) => {
    const abort = new AbortController();
    const ctx = await createRunContext(ws.runOptions({ signal: abort.signal }));
    let view: Promise<Awaited<ReturnType<typeof clientView>>> | undefined;
    const result = await serve(ctx, {
      mode,
      readyTimeoutMs: 30_000,
      onReady: (step) => {
        view = clientView(step, ws.modelDir).finally(() => abort.abort('SIGTERM'));
      },
    });
    expect(result.status).toBe('stopped');
    const seen = await view!;
    const expected = ws.plan().serve.modes[mode].model;
    expect(seen.model).toBe(expected);
    expect(seen.answered).toBe(true);
    // Triton and its OpenAI frontend list the repository's models, the one called among them. Under
    // the local runtime trtllm-serve's MODEL is the store entry (mounts are path rewrites), so its
    // listed name is checked in a container layout below.
    if (mode !== 'trtllm-serve') expect(seen.listed).toContain(expected);
  });
});

describe('trtllm-serve with its MODEL at the container path (as podman / docker mount it)', SLOW, () => {
  let root: string;
  let child: ChildProcess | undefined;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'trtforge-served-'));
  });
  afterEach(() => {
    child?.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('lists and answers as the deployment name', async () => {
    const ws = await createWorkspace({ generated: DEPLOYMENT });
    try {
      const step = ws.plan().serve.modes['trtllm-serve'];
      // Each mount's container path, re-rooted under a scratch dir: the directory names a container sees.
      const inContainer = (path: string) => (path.startsWith('/') ? join(root, path) : path);
      for (const mount of step.mounts) {
        mkdirSync(inContainer(mount.target), { recursive: true });
        cpSync(ws.modelDir, inContainer(mount.target), { recursive: true });
      }
      const [program, ...args] = step.argv.map(inContainer);
      child = spawn(join(STAND_INS, 'bin', program!), args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
      await new Promise<void>((resolve, reject) => {
        child!.stdout!.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('Uvicorn running')) resolve();
        });
        child!.once('exit', (code) => reject(new Error(`trtllm-serve stand-in exited (${code})`)));
      });
      const origin = new URL(step.endpoints[0]!.url).origin;
      expect(readModelIds(await getJson(`${origin}/v1/models`))).toEqual([DEPLOYMENT]);
      const result = await new LlmClient({ target: targetFromServeStep(step), timeoutMs: 30_000 }).infer({ prompt: 'Hi', maxTokens: 4 });
      expect(result.model).toBe(DEPLOYMENT);
    } finally {
      await ws.cleanup();
    }
  });
});
