import { readFileSync, readlinkSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRunContext, serve, readManifest } from '@trtforge/runner';
import { serveOnce, statuses } from './helpers/run.js';
import { createWorkspace, SECRET, type Workspace } from './helpers/workspace.js';

describe('serve through the local runtime with stand-in tools', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await createWorkspace();
  });
  afterEach(() => ws.cleanup());

  it('runs convert → build → assemble → tritonserver, waits for readiness, then stops on abort', async () => {
    // GIVEN a fresh store
    const abort = new AbortController();
    const events: string[] = [];
    const ctx = await createRunContext(ws.runOptions({ signal: abort.signal, onEvent: (e) => events.push(e.type) }));
    // WHEN serving until ready, then interrupting like Ctrl-C
    let readyUrl = '';
    const result = await serve(ctx, {
      readyTimeoutMs: 15_000,
      onReady: (_step, url) => {
        readyUrl = url;
        abort.abort('SIGINT');
      },
    });
    // THEN every step ran once, the probe passed and the server was stopped cleanly
    expect(readyUrl).toBe(`http://127.0.0.1:${ws.ports.http}/v2/health/ready`);
    expect(result.status).toBe('stopped');
    expect(result.outcomes.map((o) => [o.step, o.status])).toEqual([['convert', 'built'], ['build', 'built'], ['repo', 'built']]);
    const repo = readlinkSync(join(ws.stateDir, 'model_repo'));
    expect(existsSync(join(repo, 'preprocessing', '1', 'model.py'))).toBe(true);
    expect(existsSync(join(repo, 'ensemble', '1'))).toBe(true);
    // local runtime: the container engine path was rewritten to the store entry on the host
    expect(readFileSync(join(repo, 'tensorrt_llm', 'config.pbtxt'), 'utf8')).toContain(`string_value: "${readlinkSync(join(ws.stateDir, 'engine'))}"`);
  });

  it('a second run reuses every step and only starts the server', async () => {
    await serveOnce(ws);
    const second = await serveOnce(ws);
    expect(statuses(second)).toEqual({ convert: 'reused', build: 'reused', repo: 'reused' });
    expect(second.status).toBe('started');
    expect(second.commands.map((c) => c[0])).toEqual(['tritonserver']);
  });

  it('serves trtllm-serve and openai modes from the same engine', async () => {
    await serveOnce(ws);
    const trtllm = await serveOnce(ws, { mode: 'trtllm-serve', readyTimeoutMs: 15_000, onReady: () => undefined, untilStarted: true });
    expect(statuses(trtllm)).toEqual({ convert: 'reused', build: 'reused' });
    for (const mode of ['trtllm-serve', 'openai'] as const) {
      const abort = new AbortController();
      const ctx = await createRunContext(ws.runOptions({ signal: abort.signal }));
      const result = await serve(ctx, { mode, readyTimeoutMs: 15_000, onReady: () => abort.abort('SIGTERM') });
      expect(result.status).toBe('stopped');
    }
  });

  it('keeps secrets out of logs, manifests and the store, even when a tool prints them', async () => {
    // GIVEN tools that echo HF_TOKEN (passed to them by name through passEnv)
    ws.env.TRTFORGE_STANDIN_ECHO_ENV = 'HF_TOKEN';
    ws.editPlan((plan) => {
      for (const step of [plan.steps.convert, plan.steps.build, plan.serve.modes.triton]) step.passEnv = ['HF_TOKEN'];
    });
    const events: string[] = [];
    const ctx = await createRunContext(ws.runOptions({ onEvent: (e) => events.push(JSON.stringify(e)) }));
    await serve(ctx, { untilStarted: true });
    // THEN the value never reaches a log, a manifest, an entry or an event; the mask does
    const convertLog = readFileSync(join(ws.stateDir, 'logs', 'convert.log'), 'utf8');
    expect(convertLog).toContain('HF_TOKEN=***');
    const manifest = await readManifest(ws.stateDir, 'convert');
    const texts = [JSON.stringify(manifest), readFileSync(join(manifest!.entry, 'entry.json'), 'utf8'), ...events, ...['convert', 'build', 'serve'].map((l) => readFileSync(join(ws.stateDir, 'logs', `${l}.log`), 'utf8'))];
    for (const text of texts) expect(text).not.toContain(SECRET);
  });
});
