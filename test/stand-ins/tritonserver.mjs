// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Plays tritonserver far enough for the runner: argv checked against the release's option table
// (packages/compiler/data/tensorrtllm_backend-<release>/tritonserver.json, read from command_line_parser.cc); the model
// repository is checked the way Triton + the TRT-LLM backend fail on it (unfilled ${…},
// missing 1/model.py, engine dir without config.json / rank<N>.engine, MPI world size ≠ tp×pp);
// then GET /v2/health/ready answers 200 on --http-address:--http-port (rank 0 only).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { failIfAsked, trace, visibleComputeCap } from './lib/behaviour.mjs';
import { serveProtocol, stopOnSignals } from './lib/ready-server.mjs';
import { releaseToolTable } from './lib/tables.mjs';

const TOOL = 'tritonserver';

function usageError(message) {
  process.stderr.write(`${TOOL}: ${message}\nUsage: tritonserver [options]\n`);
  process.exit(1);
}

/** getopt_long-style: --name=value or --name value; bool values true/false/1/0. */
export function parseTritonArgs(argv) {
  const table = new Map(releaseToolTable('tritonserver').options.map((o) => [o.flag, o]));
  const values = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('--')) usageError(`unexpected argument '${token}'`);
    const eq = token.indexOf('=');
    const name = eq > 0 ? token.slice(0, eq) : token;
    const option = table.get(name);
    if (!option) usageError(`unrecognized option '${name}'`);
    if (option.type === 'flag') {
      if (eq > 0) usageError(`option '${name}' doesn't allow an argument`);
      values[name] = true;
      continue;
    }
    const raw = eq > 0 ? token.slice(eq + 1) : argv[++i];
    if (raw === undefined) usageError(`option '${name}' requires an argument`);
    let value = raw;
    if (option.type === 'int' && !/^-?\d+$/.test(raw)) usageError(`failed to parse '${raw}' as an integer for ${name}`);
    if (option.type === 'int') value = Number(raw);
    if (option.type === 'bool') {
      if (!['true', 'false', '1', '0', 'on', 'off'].includes(raw.toLowerCase())) usageError(`failed to parse '${raw}' as a boolean for ${name}`);
      value = ['true', '1', 'on'].includes(raw.toLowerCase());
    }
    if (option.choices && !option.choices.includes(raw)) usageError(`unexpected value '${raw}' for ${name}: expected one of ${option.choices.join(', ')}`);
    if (option.multiple) (values[name] ??= []).push(value);
    else values[name] = value;
  }
  return values;
}

function stringParameters(text) {
  return new Map([...text.matchAll(/key:\s*"([^"]+)"\s*value\s*:?\s*\{\s*string_value:\s*"([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

function fail(model, message) {
  process.stderr.write(`E0101 00:00:00.000 model_lifecycle.cc] failed to load '${model}' version 1: ${message}\n`);
  process.stderr.write('error: creating server: Internal - failed to load all models\n');
  process.exit(1);
}

function checkModel(repo, model, rank, worldSize) {
  const configPath = join(repo, model, 'config.pbtxt');
  if (!existsSync(configPath)) fail(model, 'Invalid argument: model configuration config.pbtxt is missing');
  const text = readFileSync(configPath, 'utf8');
  const placeholder = text.split('\n').findIndex((l) => l.includes('${'));
  if (placeholder >= 0) fail(model, `Invalid argument: failed to parse model config: Expected integer or identifier, got: $ (line ${placeholder + 1})`);
  const backend = /^\s*backend:\s*"([^"]*)"/m.exec(text)?.[1];
  if (backend === 'python' && !existsSync(join(repo, model, '1', 'model.py'))) fail(model, `Internal: ${join(repo, model, '1', 'model.py')} does not exist`);
  if (backend !== 'tensorrtllm') return;
  const engineDir = stringParameters(text).get('gpt_model_path') ?? stringParameters(text).get('engine_dir');
  if (!engineDir || !existsSync(join(engineDir, 'config.json'))) fail(model, `[TensorRT-LLM][ERROR] Cannot find engine config file in ${engineDir}`);
  const engine = JSON.parse(readFileSync(join(engineDir, 'config.json'), 'utf8'));
  const mapping = engine.pretrained_config?.mapping ?? {};
  const tpxpp = (mapping.tp_size ?? 1) * (mapping.pp_size ?? 1);
  if (tpxpp !== worldSize) fail(model, `[TensorRT-LLM][ERROR] Assertion failed: mpiSize == tp * pp (${worldSize} != ${tpxpp})`);
  if (!existsSync(join(engineDir, `rank${rank}.engine`))) fail(model, `[TensorRT-LLM][ERROR] engine file rank${rank}.engine not found in ${engineDir}`);
  const builtFor = engine.build_config?.standin_compute_cap;
  const here = process.env.TRTFORGE_STANDIN_GPUS ? visibleComputeCap() : '';
  if (builtFor && here && builtFor !== here) fail(model, `[TensorRT-LLM][ERROR] The engine plan file is generated on an incompatible device, expecting compute ${here} got compute ${builtFor}`);
}

export async function main(argv) {
  trace(TOOL, argv);
  const closeOnStop = stopOnSignals(TOOL);
  const args = parseTritonArgs(argv);
  failIfAsked(TOOL);
  const repos = [...(args['--model-repository'] ?? []), ...(args['--model-store'] ?? [])];
  if (repos.length === 0) usageError('--model-repository must be specified');
  const rank = Number(process.env.OMPI_COMM_WORLD_RANK ?? 0);
  const worldSize = Number(process.env.OMPI_COMM_WORLD_SIZE ?? 1);
  for (const repo of repos) {
    if (!existsSync(repo)) fail('*', `Internal: failed to stat file ${repo}`);
    const explicit = args['--model-control-mode'] === 'explicit';
    const models = explicit ? (args['--load-model'] ?? []) : readdirSync(repo, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    for (const model of models) checkModel(repo, model, rank, worldSize);
    console.log(`I0101 00:00:00.000 server.cc] rank ${rank}: loaded ${models.join(', ')} from ${repo}`);
  }
  if (rank !== 0) {
    // TRT-LLM worker ranks never open Triton's frontends; they wait for rank 0.
    setInterval(() => undefined, 1 << 30);
    return;
  }
  const host = args['--http-address'] ?? '0.0.0.0';
  const port = args['--http-port'] ?? 8000;
  const http = await serveProtocol({ tool: TOOL, host, port, mode: 'triton' });
  closeOnStop(http);
  console.log(`I0101 00:00:00.000 http_server.cc] Started HTTPService at ${host}:${port}`);
  // The gRPC port, when the command line names one: the stand-ins have no gRPC stack, so the same
  // KServe protocol is answered there as HTTP/JSON (the genai-perf stand-in talks to it that way).
  if (args['--grpc-port'] !== undefined) {
    const grpcHost = args['--grpc-address'] ?? '0.0.0.0';
    const grpc = await serveProtocol({ tool: TOOL, host: grpcHost, port: args['--grpc-port'], mode: 'triton' });
    closeOnStop({ close: () => { http.close(); grpc.close(); } });
    console.log(`I0101 00:00:00.000 grpc_server.cc] Started GRPCInferenceService at ${grpcHost}:${args['--grpc-port']} (stand-in: KServe over HTTP/JSON)`);
  }
}
