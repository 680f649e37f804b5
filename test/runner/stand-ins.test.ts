import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBackendCheckout, makeTensorrtLlmCheckout } from '../stand-ins/fixtures/make-checkouts.mjs';
import { makeHfModel } from '../stand-ins/fixtures/make-hf-model.mjs';
import { freePort, STAND_INS } from './helpers/workspace.js';

const HEADER = 'STAND-IN FOR TESTS: not NVIDIA\'s tool; validates argv against the reference option table and writes artifacts of the real layout';

let dir: string;
const env = (extra: Record<string, string> = {}) => ({ ...process.env, PATH: `${join(STAND_INS, 'bin')}:${process.env.PATH}`, ...extra });
const run = (tool: string, args: string[], extra: Record<string, string> = {}) => {
  const r = spawnSync(tool, args, { env: env(extra), encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const convertScript = () => join(dir, 'trt', 'examples/qwen/convert_checkpoint.py');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-standins-'));
  makeTensorrtLlmCheckout(join(dir, 'trt'));
  makeBackendCheckout(join(dir, 'backend'));
  makeHfModel(join(dir, 'hf'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stand-in tools are labelled and use the reference tables', () => {
  it('every stand-in file carries the STAND-IN header', () => {
    const files = [...readdirSync(STAND_INS).filter((f) => f.endsWith('.mjs')), ...readdirSync(join(STAND_INS, 'lib')).map((f) => `lib/${f}`), ...readdirSync(join(STAND_INS, 'bin')).map((f) => `bin/${f}`)];
    for (const file of files) expect(readFileSync(join(STAND_INS, file), 'utf8'), file).toContain(HEADER);
    expect(readFileSync(convertScript(), 'utf8')).toContain(HEADER);
  });

  it('reads the real tools’ tables from ../shared/reference (not from copies in the repo)', () => {
    expect(existsSync(join(STAND_INS, 'reference'))).toBe(false);
    expect(existsSync(join(STAND_INS, '../../../shared/reference/trtllm-0.17/trtllm-build.json'))).toBe(true);
  });
});

describe('convert_checkpoint.py stand-in (argparse, convert_checkpoint.qwen.json)', () => {
  it.each([
    [['--model_dir', 'x', '--qwen_type', 'qwen2'], 'unrecognized arguments: --qwen_type qwen2'],
    [['--model_dir', 'x', '--tp_size', 'two'], "argument --tp_size: invalid int value: 'two'"],
    [['--model_dir', 'x', '--dtype', 'fp16'], "argument --dtype: invalid choice: 'fp16' (choose from 'auto', 'float16', 'bfloat16', 'float32')"],
    [['--tp_size', '2'], 'the following arguments are required: --model_dir'],
    [['--model_dir', 'x', '--smoothquant'], 'argument --smoothquant/-sq: expected one argument'],
  ])('%j → argparse error, exit 2', (args, message) => {
    const r = run('python3', [convertScript(), ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`convert_checkpoint.py: error: ${message}`);
  });

  it('writes config.json + rank<N>.safetensors per tp×pp rank (abbreviated --tp accepted, as argparse does)', () => {
    const out = join(dir, 'ckpt-tp2');
    const r = run('python3', [convertScript(), '--model_dir', join(dir, 'hf'), '--output_dir', out, '--tp', '2', '--weight_only_precision']);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['config.json', 'rank0.safetensors', 'rank1.safetensors']);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config.mapping).toEqual({ world_size: 2, tp_size: 2, pp_size: 1 });
    const file = readFileSync(join(out, 'rank1.safetensors'));
    const headerLength = Number(file.readBigUInt64LE(0));
    expect(JSON.parse(file.subarray(8, 8 + headerLength).toString()).__metadata__).toEqual({ rank: '1' });
  });
});

describe('trtllm-build stand-in (argparse, trtllm-build.json)', () => {
  let checkpoint: string;
  beforeAll(() => {
    checkpoint = join(dir, 'ckpt');
    expect(run('python3', [convertScript(), '--model_dir', join(dir, 'hf'), '--output_dir', checkpoint]).code).toBe(0);
  });

  it.each([
    [['--max_output_len', '512'], 'unrecognized arguments: --max_output_len 512'],
    [['--max', '8'], 'ambiguous option: --max could match'],
    [['--use_paged_context_fmha'], 'argument --use_paged_context_fmha: expected one argument'],
    [['--gemm_plugin', 'fp16'], "argument --gemm_plugin: invalid choice: 'fp16'"],
    [['--max_batch_size', '4.5'], "argument --max_batch_size: invalid int value: '4.5'"],
  ])('%j → argparse error, exit 2', (args, message) => {
    const r = run('trtllm-build', ['--checkpoint_dir', checkpoint, ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`trtllm-build: error: ${message}`);
  });

  it('writes config.json + sparse rank<N>.engine of the requested size', () => {
    const out = join(dir, 'engine');
    const r = run('trtllm-build', ['--checkpoint_dir', checkpoint, '--output_dir', out, '--kv_cache_type', 'PAGED', '--max_batch', '4'], { TRTFORGE_STANDIN_ENGINE_BYTES: String(2 ** 31) });
    expect(r.code, r.err).toBe(0);
    const engine = statSync(join(out, 'rank0.engine'));
    expect(engine.size).toBe(2 ** 31);
    expect(engine.blocks * 512).toBeLessThan(1 << 20);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config.build_config).toMatchObject({ kv_cache_type: 'paged', max_batch_size: 4 });
  });

  it('fails like the real tool on a directory without a checkpoint', () => {
    const r = run('trtllm-build', ['--checkpoint_dir', join(dir, 'hf', 'nope')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("FileNotFoundError: [Errno 2] No such file or directory: '");
  });
});

describe('tritonserver, trtllm-serve, mpirun and nvidia-smi stand-ins', () => {
  /** A repository + engine as the runner assembles them (local paths). */
  function repository(worldSize: number, options: { placeholder?: boolean } = {}): string {
    const engine = join(dir, `engine-ws${worldSize}`);
    mkdirSync(engine, { recursive: true });
    writeFileSync(join(engine, 'config.json'), JSON.stringify({ pretrained_config: { mapping: { world_size: worldSize, tp_size: worldSize, pp_size: 1 } } }));
    for (let r = 0; r < worldSize; r++) writeFileSync(join(engine, `rank${r}.engine`), 'x');
    const repo = join(dir, `repo-ws${worldSize}${options.placeholder ? '-ph' : ''}`);
    mkdirSync(join(repo, 'tensorrt_llm', '1'), { recursive: true });
    writeFileSync(join(repo, 'tensorrt_llm', 'config.pbtxt'), `backend: "tensorrtllm"\nmax_batch_size: ${options.placeholder ? '${triton_max_batch_size}' : '4'}\nparameters {\n  key: "gpt_model_path"\n  value {\n    string_value: "${engine}"\n  }\n}\n`);
    mkdirSync(join(repo, 'preprocessing', '1'), { recursive: true });
    writeFileSync(join(repo, 'preprocessing', 'config.pbtxt'), 'backend: "python"\n');
    writeFileSync(join(repo, 'preprocessing', '1', 'model.py'), '# model\n');
    return repo;
  }

  it('tritonserver rejects unknown options and unfilled ${…} placeholders', () => {
    expect(run('tritonserver', ['--model-repository=x', '--http-port=abc']).err).toContain("failed to parse 'abc' as an integer for --http-port");
    expect(run('tritonserver', ['--model-repo=x']).err).toContain("unrecognized option '--model-repo'");
    const r = run('tritonserver', [`--model-repository=${repository(1, { placeholder: true })}`]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Expected integer or identifier, got: $');
  });

  it('tritonserver without mpirun on a tp 2 engine fails with the backend\'s world-size assertion', () => {
    const r = run('tritonserver', [`--model-repository=${repository(2)}`]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Assertion failed: mpiSize == tp * pp (1 != 2)');
  });

  it('mpirun -n 1 … : -n 1 … starts two ranks; rank 0 answers /v2/health/ready', async () => {
    const port = await freePort();
    const { spawn } = await import('node:child_process');
    const rank = (extra: string[]) => ['-n', '1', 'tritonserver', `--model-repository=${repository(2)}`, ...extra, `--http-address=127.0.0.1`, `--http-port=${port}`, ':'];
    const child = spawn('mpirun', ['--allow-run-as-root', ...rank([]), ...rank(['--model-control-mode=explicit', '--load-model=tensorrt_llm'])], { env: env(), stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    try {
      let status = 0;
      // Until both ranks report (bounded by the test timeout, not by a count of polls a slow machine would exhaust).
      while ((status !== 200 || !output.includes('rank 1: loaded tensorrt_llm')) && child.exitCode === null) {
        status = await fetch(`http://127.0.0.1:${port}/v2/health/ready`).then((r) => r.status, () => 0);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(status).toBe(200);
      expect(output).toContain('rank 0: loaded');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
  });

  it.runIf(process.getuid?.() === 0)('mpirun refuses to run as root without --allow-run-as-root', () => {
    const r = run('mpirun', ['-n', '1', 'true'], { OMPI_ALLOW_RUN_AS_ROOT: '' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('mpirun has detected an attempt to run as root');
  });

  it('trtllm-serve follows click: no prefixes, typed values, MODEL required', () => {
    expect(run('trtllm-serve', ['/m', '--max_batch', '4']).err).toContain('Error: No such option: --max_batch');
    expect(run('trtllm-serve', ['/m', '--port', 'http']).err).toContain("Error: Invalid value for '--port': 'http' is not a valid integer.");
    expect(run('trtllm-serve', ['--port', '1']).err).toContain("Error: Missing argument 'MODEL'.");
    expect(run('trtllm-serve', ['/m', '--backend', 'tensorrt']).err).toContain("Error: Invalid value for '--backend': 'tensorrt' is not 'pytorch'.");
  });

  it('nvidia-smi answers the compute-capability query, and fails like a host without a driver', () => {
    expect(run('nvidia-smi', ['--query-gpu=index,compute_cap', '--format=csv,noheader'], { TRTFORGE_STANDIN_GPUS: '8.0,9.0' }).out).toBe('0, 8.0\n1, 9.0\n');
    expect(run('nvidia-smi', ['--query-gpu=sm', '--format=csv']).out).toContain('Field "sm" is not a valid field to query.');
    const none = run('nvidia-smi', [], { TRTFORGE_STANDIN_GPUS: 'none' });
    expect(none.code).toBe(9);
    expect(none.out).toContain("couldn't communicate with the NVIDIA driver");
  });
});
