import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunContext, runBench } from '@trtforge/runner';
import { withServer } from './helpers/bench-server.js';
import { cli, startCli, STACK_TRACE } from './helpers/cli.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

/**
 * `trtforge bench` end to end with stand-ins: the compiled genai-perf command of each serve mode
 * (argv checked by the genai-perf stand-in against the r25.01 option table) runs against the
 * stand-in server of that mode and its summary is read back. The figures time the stand-in
 * server; the tests check plumbing, never performance.
 */
describe('trtforge bench: genai-perf against the running server (stand-in tools)', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace({ generated: 'qwen2.5-0.5b' });
  });
  afterAll(() => ws.cleanup());

  it.each(['triton', 'openai', 'trtllm-serve'] as const)('%s: runs the compiled genai-perf command and reads its summary', async (mode) => {
    const result = await withServer(ws, mode, (ctx) => runBench(ctx, { mode, concurrency: 4 }));
    // THEN genai-perf measured every request the plan asks for, streaming (the spec is decoupled)
    expect(result.status).toBe('done');
    expect(result.metrics?.request_count?.avg).toBe(50);
    expect(result.metrics?.input_sequence_length?.avg).toBe(200);
    expect(result.metrics?.time_to_first_token?.unit).toBe('ms');
    expect(result.metrics?.request_throughput?.avg).toBeGreaterThan(0);
    expect(result.standIn).toBe(true);
    // AND the artifacts of the real layout are kept per run under the model's state dir
    expect(result.artifactDir.startsWith(join(ws.stateDir, 'bench', `${mode}-c4-`))).toBe(true);
    for (const file of ['inputs.json', 'profile_export.json', 'profile_export_genai_perf.json', 'profile_export_genai_perf.csv']) {
      expect(existsSync(join(result.artifactDir, file)), file).toBe(true);
    }
    const config = JSON.parse(readFileSync(join(result.artifactDir, 'profile_export_genai_perf.json'), 'utf8')).input_config;
    expect(config.concurrency).toBe(4);
    expect(config.service_kind).toBe(mode === 'triton' ? 'triton' : 'openai');
  });

  it('without a running server: one clear error that says how to start it', async () => {
    const ctx = await createRunContext(ws.runOptions());
    await expect(runBench(ctx, { mode: 'openai' })).rejects.toMatchObject({
      code: 'bench-no-server',
      message: `no openai server is ready at http://127.0.0.1:${ws.ports.openai}/health/ready`,
      hint: 'start it first, in another terminal: trtforge serve qwen2.5-0.5b --mode openai',
    });
  });

  it('runtime local without genai-perf on PATH: says how to get it', async () => {
    const error = await withServer(ws, 'triton', (ctx) => runBench(ctx).catch((e: unknown) => e), { PATH: '/usr/bin:/bin' });
    expect(error).toMatchObject({
      code: 'bench-tool',
      message: 'genai-perf is not on PATH (runtime local runs it on this host)',
      hint: 'pip install genai-perf, or run it in nvcr.io/nvidia/tritonserver:25.01-py3-sdk with --runtime docker|podman',
    });
  });

  it('a genai-perf failure surfaces its last lines and the log path', async () => {
    const error = await withServer(ws, 'triton', (ctx) => runBench(ctx).catch((e: unknown) => e), { TRTFORGE_STANDIN_FAIL: 'genai-perf' });
    expect(error).toMatchObject({ code: 'bench-failed', message: 'genai-perf exited with 1' });
    expect(String((error as { details?: string[] }).details)).toContain('failing because TRTFORGE_STANDIN_FAIL includes genai-perf');
  });

  it('the CLI prints the summary table; --dry-run prints the container command and touches nothing', async () => {
    // GIVEN the triton server of the plan, started by the CLI
    const server = startCli(ws, ['serve', ws.model, '--no-smoke']);
    try {
      await server.waitForOutput(/is ready/);
      // WHEN benchmarking through the CLI
      const run = await cli(ws, ['bench', ws.model, '--concurrency', '2']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/genai-perf at concurrency 2 against tritonserver \(local\)/);
      expect(run.stdout).toMatch(/time to first token +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+ +ms/);
      expect(run.stdout).toMatch(/request throughput +[\d.]+ +requests\/sec/);
      expect(run.stdout).toMatch(/requests +50 +count/);
      expect(run.stdout).toContain('! written by the test stand-in for genai-perf: these figures time a stand-in server, not a model');
      expect(run.stdout).not.toContain('need cleaning');
      // AND the run is stored in the checkout, where `trtforge bench report` finds it
      expect(run.stdout).toMatch(new RegExp(`artifacts: bench/qwen2\\.5-0\\.5b/\\d{8}T\\d{6}Z-triton-c2\n`));
      expect(run.stdout).toMatch(/stored 1 run of sweep \d{8}T\d{6}Z-triton under bench\/qwen2\.5-0\.5b\/; compare: trtforge bench report qwen2\.5-0\.5b/);
    } finally {
      server.child.kill('SIGINT');
      await server.done;
    }
    const dry = await cli(ws, ['bench', ws.model, '--dry-run', '--runtime', 'docker']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^docker run --rm --init --name trtforge-qwen2\.5-0\.5b-bench-\d+ --network host .* nvcr\.io\/nvidia\/tritonserver:25\.01-py3-sdk genai-perf profile --model ensemble --service-kind triton --backend tensorrtllm --url 127\.0\.0\.1:\d+ /m);
    expect(dry.stdout).not.toContain('--gpus');
    // A sweep in dry-run: one genai-perf command per point, nothing stored
    const runsBefore = readdirSync(join(ws.root, 'bench', ws.model));
    const drySweep = await cli(ws, ['bench', ws.model, '--dry-run', '--runtime', 'docker', '--concurrency', '1,4']);
    expect(drySweep.code, drySweep.stderr).toBe(0);
    expect(drySweep.stdout.match(/^docker run .* genai-perf profile .* --concurrency (\d+) /gm)?.map((line) => /--concurrency (\d+) /.exec(line)![1])).toEqual(['1', '4']);
    expect(readdirSync(join(ws.root, 'bench', ws.model))).toEqual(runsBefore);
  });

  it('a server that echoes the prompt: serve\'s smoke request and bench both say the numbers include it', async () => {
    // GIVEN a server playing exclude_input_in_output=false
    const server = startCli(ws, ['serve', ws.model], { TRTFORGE_STANDIN_ECHO_PROMPT: '1' });
    try {
      await server.waitForOutput(/! smoke request: the server echoed the prompt at the start of its output \(exclude_input_in_output is false/);
      const run = await cli(ws, ['bench', ws.model, '--concurrency', '2']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain("! the server's answers need cleaning, so the output token counts and throughput above include more than generated text:");
      expect(run.stdout).toMatch(/ {2}! smoke request: the server echoed the prompt/);
    } finally {
      server.child.kill('SIGINT');
      await server.done;
    }
  });

  it('a bad --concurrency is a usage error, exit 1, no stack trace', async () => {
    const run = await cli(ws, ['bench', ws.model, '--concurrency', '0']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("option '--concurrency <n[,n…]>' argument '0' is invalid. expected a positive integer or a comma-separated list of them (1,4,16,64), got \"0\"");
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });
});
