import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, startCli, STACK_TRACE } from './helpers/cli.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';

/** True when something accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

describe('trtforge convert/build/serve/doctor (CLI)', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace();
  });
  afterAll(() => ws.cleanup());

  it('--dry-run prints every command, runtime invocation included, and touches nothing — even without a GPU', async () => {
    // GIVEN a host without GPU, and docker as the runtime (its daemon need not run for a dry run)
    const result = await cli(ws, ['serve', MODEL, '--dry-run', '--runtime', 'docker'], { TRTFORGE_STANDIN_GPUS: 'none' });
    // THEN the four commands are printed, with NVIDIA's container settings and GPUs by id
    expect(result.code, result.stderr).toBe(0);
    const commands = result.stdout.split('\n').filter((l) => l.startsWith('docker '));
    expect(commands).toHaveLength(3);
    expect(commands[0]).toMatch(/^docker run --rm --init --name trtforge-qwen2\.5-0\.5b-convert-\S+ --network host --shm-size 2g --ulimit memlock=-1 --ulimit stack=67108864 --gpus '"device=0"' /);
    expect(commands[0]).toContain(`--mount type=bind,source=${ws.modelDir},target=/trtforge/hf,readonly`);
    expect(commands[0]).toContain('--env HF_TOKEN nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3 python3 /trtforge/src/TensorRT-LLM/examples/qwen/convert_checkpoint.py');
    expect(commands[1]).toContain('trtllm-build --checkpoint_dir /trtforge/checkpoint');
    expect(commands[2]).toContain(`tritonserver --model-repository=/trtforge/model_repo --http-address=127.0.0.1 --http-port=${ws.ports.http}`);
    expect(result.stdout).toMatch(/# build: would run \(key \?\) because key unknown: cannot build an engine without a GPU/);
    expect(result.stdout).not.toContain(ws.env.HF_TOKEN!);
    expect(existsSync(ws.store)).toBe(false);
    expect(existsSync(ws.stateDir)).toBe(false);
  });

  it('serve without a GPU fails fast with the doctor report, exit 1, no stack trace', async () => {
    const result = await cli(ws, ['serve', MODEL], { TRTFORGE_STANDIN_GPUS: 'none' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('✗ cannot serve on this host: GPUs');
    expect(result.stderr).toMatch(/✗ GPUs +NVIDIA-SMI has failed/);
    expect(result.stderr).toContain('fix: build and serve need an NVIDIA GPU');
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(join(ws.store, 'entries'))).toBe(false);
  });

  it('build with docker but no daemon and no GPU: the report names both', async () => {
    const result = await cli(ws, ['build', MODEL, '--runtime', 'docker'], { TRTFORGE_STANDIN_GPUS: 'none', DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/✗ runtime +(docker does not answer|docker not found on PATH)/);
    expect(result.stderr).toMatch(/✗ GPUs/);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it('no runtime at all (auto): one message and the full doctor report', async () => {
    // GIVEN a PATH with node and nothing else: no docker, no podman, no trtllm-build
    const onlyNode = join(ws.root, 'only-node');
    mkdirSync(onlyNode, { recursive: true });
    if (!existsSync(join(onlyNode, 'node'))) symlinkSync(process.execPath, join(onlyNode, 'node'));
    const path = onlyNode;
    const result = await cli(ws, ['build', MODEL, '--runtime', 'auto'], { PATH: path, TRTFORGE_RUNTIME: undefined });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot build on this host: no container runtime');
    expect(result.stderr).toMatch(/✗ runtime +no container runtime found/);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it('doctor passes on a host with the stand-in GPU and tools', async () => {
    const result = await cli(ws, ['doctor', MODEL, '--runtime', 'local']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ GPUs +1 × NVIDIA A10G \(compute 8\.6\); plan needs tp 1 × pp 1 = 1 GPU \(ids 0\)/);
    expect(result.stdout).toContain('all checks passed');
  });

  it('doctor reports GPU ids the host does not have', async () => {
    ws.editPlan((p) => { p.parallelism = { tp: 2, pp: 1, worldSize: 2, gpuIds: [4, 5] }; });
    try {
      const result = await cli(ws, ['doctor', MODEL, '--runtime', 'local'], { TRTFORGE_STANDIN_GPUS: '8.6,8.6' });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/✗ GPUs +GPU ids 4, 5 not present \(this host has 0, 1\); the plan needs tp 2 × pp 1 = 2 GPUs/);
    } finally {
      ws.editPlan((p) => { p.parallelism = { tp: 1, pp: 1, worldSize: 1, gpuIds: [0] }; });
    }
  });

  it('doctor names the exact download line for a missing model dir (hub repo + revision from the spec, the model-dir override applied)', async () => {
    ws.editPlan((p) => { p.inputs = { ...p.inputs, hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct', revision: '7ae557604adf67be50417f59c2c2f167def9a775' }; });
    try {
      const missing = join(ws.root, 'not-downloaded');
      const result = await cli(ws, ['doctor', MODEL, '--runtime', 'local'], { TRTFORGE_MODEL_DIR: missing });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(new RegExp(`✗ model dir +${missing} does not exist`));
      expect(result.stdout).toContain(`fix: download the model: huggingface-cli download Qwen/Qwen2.5-0.5B-Instruct --revision 7ae557604adf67be50417f59c2c2f167def9a775 --local-dir ${missing}`);
    } finally {
      ws.editPlan((p) => { const { hfRepo: _, revision: __, ...rest } = p.inputs; p.inputs = rest; });
    }
  });

  it('a failing tool: one message with the log tail and the log path, exit 1', async () => {
    const result = await cli(ws, ['build', MODEL], { TRTFORGE_STANDIN_FAIL: 'trtllm-build' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('✗ build failed: trtllm-build exited with 1');
    expect(result.stderr).toContain('failing because TRTFORGE_STANDIN_FAIL includes trtllm-build');
    expect(result.stderr).toMatch(/hint: full log: .*build\.log/);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(readdirSync(join(ws.store, 'entries'))).toEqual(['convert']);
    expect(readdirSync(join(ws.store, 'tmp'))).toEqual([]);
  });

  it('a flag the tool does not know surfaces the tool\'s own argparse error', async () => {
    ws.editPlan((p) => { p.steps.build.argv.push('--max_output_len', '512'); });
    try {
      const result = await cli(ws, ['build', MODEL]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('trtllm-build: error: unrecognized arguments: --max_output_len 512');
    } finally {
      ws.editPlan((p) => { p.steps.build.argv.splice(-2); });
    }
  });

  it('serve --until-started builds what is missing, starts the server and exits 0', async () => {
    const trace = join(ws.root, 'serve.trace');
    const result = await cli(ws, ['serve', MODEL, '--until-started'], { TRTFORGE_STANDIN_TRACE: trace });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/build +rebuilt +key [0-9a-f]{12}/);
    expect(result.stdout).toMatch(/server process started \(pid \d+\)/);
    // AND the GPU query serve starts before the runner loads is the one the run uses: nvidia-smi runs once
    // (the CLI's bundle must hold one instance of it: packages/cli/scripts/bundle.mjs, the gpu-query entry)
    const tools = readFileSync(trace, 'utf8').trim().split('\n').map((line) => line.split(' ')[0]);
    expect(tools.filter((t) => t === 'nvidia-smi')).toEqual(['nvidia-smi']);
  });

  it('the GPU query starts as the process starts: before the plan is read for serve and build, never for --help or compile', async () => {
    const traceOf = (args: string[]): string => join(ws.root, `early-${args.join('-')}.trace`);
    const tools = (args: string[]): string[] => (existsSync(traceOf(args)) ? readFileSync(traceOf(args), 'utf8').trim().split('\n').map((line) => line.split(' ')[0]!) : []);
    const run = (args: string[]) => cli(ws, args, { TRTFORGE_STANDIN_TRACE: traceOf(args) });
    const none = [['serve', MODEL, '--help'], ['compile', MODEL]];
    // (this workspace holds plans, not specs: compile fails here, after its argv was read like any other)
    for (const args of none) await run(args);
    // A model with no plan fails before any check: only a query started with the process runs nvidia-smi.
    // The failed run does not wait for it (the next test), so its trace line may come after the exit.
    const failing = [['serve', 'no-such-model'], ['build', 'no-such-model']];
    for (const args of failing) expect((await run(args)).code).toBe(1);
    for (const args of failing) {
      for (let i = 0; i < 100 && tools(args).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(tools(args), args.join(' ')).toEqual(['nvidia-smi']);
    }
    // AND an up-to-date build asks once: the run takes the started query instead of asking again
    expect((await run(['build', MODEL])).code).toBe(0);
    expect(tools(['build', MODEL])).toEqual(['nvidia-smi']);
    // (by now a query started by --help or compile would have long written its line)
    for (const args of none) expect(tools(args), args.join(' ')).toEqual([]);
  });

  it('a run that fails before it asks for the started GPU query exits without waiting for nvidia-smi', async () => {
    // GIVEN an nvidia-smi that hangs (a driver in trouble), recording its pid
    const bin = join(ws.root, 'hanging-smi');
    mkdirSync(bin, { recursive: true });
    const pidFile = join(bin, 'pid');
    writeFileSync(join(bin, 'nvidia-smi'), `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 20\n`, { mode: 0o755 });
    // WHEN serve fails at once (no such plan)
    const result = await cli(ws, ['serve', 'no-such-model'], { PATH: `${bin}:${ws.env.PATH}` });
    expect(result.code).toBe(1);
    // THEN it has exited while nvidia-smi still runs (it was asked; it is not waited for), and it says why it failed
    for (let i = 0; i < 100 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).not.toThrow();
    process.kill(pid, 'SIGKILL');
    expect(result.stderr).toContain('no-such-model');
  });

  it('serve prints the endpoints once ready and forwards SIGTERM to the server, which stops cleanly', async () => {
    const run = startCli(ws, ['serve', MODEL]);
    await run.waitForOutput(/is ready/);
    // THEN a real request answers before we stop it (the stand-in speaks KServe generate_stream)
    await run.waitForOutput(/^. smoke request: /m);
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(result.stdout).toContain(`generate_stream  http://127.0.0.1:${ws.ports.http}/v2/models/ensemble/generate_stream`);
    expect(result.stdout).toContain(`curl -sN http://127.0.0.1:${ws.ports.http}/v2/models/ensemble/generate_stream -H 'Content-Type: application/json' -d '{"text_input":"What is TensorRT-LLM?","max_tokens":64,"stream":true}'`);
    expect(result.stdout).toMatch(/✓ smoke request: generate_stream answered in (\d+ ms|[\d.]+ s): "The stand-in answers/);
    expect(result.stdout).toContain('[stand-in tritonserver] SIGTERM received, shutting down');
    expect(result.stdout).toContain('server stopped (exit 0)');
    expect(result.code).toBe(0);
    // AND its ports are free again
    expect(await listening(ws.ports.http)).toBe(false);
  });

  it('Ctrl-C (SIGINT) stops the server too; no process keeps the ports', async () => {
    const run = startCli(ws, ['serve', MODEL, '--no-smoke']);
    await run.waitForOutput(/is ready/);
    expect(await listening(ws.ports.http)).toBe(true);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.stdout).toContain('[stand-in tritonserver] SIGINT received, shutting down');
    expect(result.code).toBe(0);
    for (const port of [ws.ports.http, ws.ports.grpc]) expect(await listening(port), `port ${port}`).toBe(false);
  });

  it('a server that dies before it is ready: exit 1 with its last lines', async () => {
    const result = await cli(ws, ['serve', MODEL], { TRTFORGE_STANDIN_FAIL: 'tritonserver' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('✗ tritonserver exited with 1 before it was ready');
    expect(result.stderr).toContain('failing because TRTFORGE_STANDIN_FAIL includes tritonserver');
  });

  it('a model repository that would not load is refused before the server starts', async () => {
    const config = join(ws.root, 'generated', MODEL, 'triton_model_repo', 'tensorrt_llm', 'config.pbtxt');
    const original = readFileSync(config, 'utf8');
    writeFileSync(config, original.replace('string_value: "/trtforge/engine"', 'string_value: "/engines/qwen"').replace('max_batch_size: 4', 'max_batch_size: ${triton_max_batch_size}'));
    try {
      const result = await cli(ws, ['serve', MODEL]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('✗ the assembled model repository would not load (2 problems)');
      expect(result.stderr).toContain('tensorrt_llm/config.pbtxt:4: unfilled placeholder max_batch_size: ${triton_max_batch_size}');
      expect(result.stderr).toMatch(/tensorrt_llm\/config\.pbtxt gpt_model_path is "\/engines\/qwen" but the triton step sees the engine at /);
    } finally {
      writeFileSync(config, original);
    }
  });

  it('no plan: says how to compile, exit 1', async () => {
    const result = await cli(ws, ['build', 'no-such-model']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no plan at .*generated\/no-such-model\/plan\.json/);
    expect(result.stderr).toContain('hint: compile the model first');
  });
});
