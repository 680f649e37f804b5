#!/usr/bin/env node
// `npm run demo`: the whole pipeline — convert → build → serve → infer → bench — on the STAND-IN
// tools of test/stand-ins (test fixtures, not NVIDIA's: they check every argv against NVIDIA's
// option tables and write artifacts of the real layout, but no model runs). No GPU, no container,
// no network. Everything happens in a throwaway copy of generated/<model>/ with its own store and
// state dir; the real checkout is not touched. The environment is the one the runner tests use
// (test/runner/helpers/workspace.ts).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBackendCheckout, makeServerCheckout, makeTensorrtLlmCheckout } from '../test/stand-ins/fixtures/make-checkouts.mjs';
import { makeHfModel } from '../test/stand-ins/fixtures/make-hf-model.mjs';
// The demo never uses fixed ports (8000 may be taken): the runner's freePort, shared with its benchmarks.
import { freePort } from '@trtforge/runner';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MODEL = process.argv[2] ?? 'qwen2.5-0.5b';
const BIN = join(ROOT, 'packages/cli/bin/trtforge.js');
const STAND_INS = join(ROOT, 'test/stand-ins');
const REFERENCE = process.env.TRTFORGE_REFERENCE_DIR ?? join(ROOT, '../shared/reference');

function die(message) {
  process.stderr.write(`✗ demo: ${message}\n`);
  process.exit(1);
}

/** Moves every serve port of the plan to a free one (argv, endpoints, readiness probe, bench argv), as the runner tests do. */
async function useFreePorts(plan) {
  const moved = new Map();
  for (const mode of Object.values(plan.serve.modes)) for (const port of Object.values(mode.ports)) if (!moved.has(port)) moved.set(port, await freePort());
  // A port is a whole argv word, or follows ":"/"=" and ends the word or a URL authority.
  const replace = (text) => text.replace(/(^|[:=])(\d+)(?=$|\/)/g, (m, before, port) => (moved.has(Number(port)) ? `${before}${moved.get(Number(port))}` : m));
  for (const step of Object.values(plan.serve.modes)) {
    step.argv = step.argv.map(replace);
    step.endpoints = step.endpoints.map((e) => ({ ...e, url: replace(e.url) }));
    step.ready = { ...step.ready, port: moved.get(step.ready.port) ?? step.ready.port };
    step.ports = Object.fromEntries(Object.entries(step.ports).map(([k, v]) => [k, moved.get(v) ?? v]));
  }
  for (const step of Object.values(plan.bench ?? {})) step.argv = step.argv.map(replace);
}

const banner = (text) => process.stdout.write(`\n\x1b[1m── ${text}\x1b[0m\n`);

function trtforge(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: env.DEMO_ROOT, env, stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

if (!existsSync(join(ROOT, 'generated', MODEL, 'plan.json'))) die(`no generated/${MODEL}/plan.json: run \`npx trtforge compile ${MODEL}\` first`);
if (!existsSync(REFERENCE)) die(`NVIDIA's option tables are not at ${REFERENCE} (../shared/reference beside the repository); the stand-ins check every argv against them — set TRTFORGE_REFERENCE_DIR`);

const root = mkdtempSync(join(tmpdir(), 'trtforge-demo-'));
let server;
const cleanup = () => {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  rmSync(root, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

try {
  // A throwaway repository: the compiled plan, a tiny fake HF model, fake NVIDIA checkouts, a private store.
  cpSync(join(ROOT, 'generated', MODEL), join(root, 'generated', MODEL), { recursive: true });
  mkdirSync(join(root, 'models', MODEL), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"private":true,"workspaces":["models/*"]}\n');
  writeFileSync(join(root, 'turbo.json'), '{}\n');
  makeHfModel(join(root, 'hf', 'model'));
  const planPath = join(root, 'generated', MODEL, 'plan.json');
  const plan = JSON.parse(readFileSync(planPath, 'utf8'));
  await useFreePorts(plan);
  plan.inputs.modelDir = 'hf/model';
  plan.inputs.tokenizerDir = 'hf/model';
  writeFileSync(planPath, `${JSON.stringify(plan, null, 2)}\n`);
  const gpus = Math.max(...plan.parallelism.gpuIds) + 1;
  const env = {
    ...process.env,
    DEMO_ROOT: root,
    PATH: `${join(STAND_INS, 'bin')}:${process.env.PATH ?? ''}`,
    TRTFORGE_RUNTIME: 'local',
    TRTFORGE_STORE: join(root, 'store'),
    TRTFORGE_SRC_TENSORRTLLM: makeTensorrtLlmCheckout(join(root, 'src', 'TensorRT-LLM')),
    TRTFORGE_SRC_BACKEND: makeBackendCheckout(join(root, 'src', 'tensorrtllm_backend')),
    TRTFORGE_SRC_SERVER: makeServerCheckout(join(root, 'src', 'server')),
    TRTFORGE_REFERENCE_DIR: REFERENCE,
    TRTFORGE_STANDIN_GPUS: Array.from({ length: gpus }, () => '8.6').join(','),
  };
  process.stdout.write(`STAND-IN TOOLS (test/stand-ins: not NVIDIA's, no model runs): ${MODEL} in ${root}\n`);

  for (const step of ['convert', 'build']) {
    banner(`trtforge ${step} ${MODEL}`);
    const code = await trtforge([step, MODEL], env);
    if (code !== 0) die(`trtforge ${step} exited with ${code}`);
  }

  banner(`trtforge serve ${MODEL} (in the background until the end of the demo)`);
  server = spawn(process.execPath, [BIN, 'serve', MODEL, '--no-smoke'], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    let seen = '';
    server.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      seen += chunk;
      if (/is ready/.test(seen)) resolve();
    });
    server.on('close', (code) => reject(new Error(`trtforge serve exited with ${code} before the server was ready`)));
  });

  banner(`trtforge infer ${MODEL} "What is TensorRT-LLM?"`);
  if ((await trtforge(['infer', MODEL, 'What is TensorRT-LLM?', '--max-tokens', '16'], env)) !== 0) die('trtforge infer failed');

  banner(`trtforge bench ${MODEL} --concurrency 2`);
  if ((await trtforge(['bench', MODEL, '--concurrency', '2'], env)) !== 0) die('trtforge bench failed');

  banner('stopping the server this demo started');
  const stopped = new Promise((resolve) => server.once('close', resolve));
  server.kill('SIGTERM');
  await stopped;
  process.stdout.write('\n✓ demo done: convert → build → serve → infer → bench ran on the stand-in tools. On a GPU host, `npm start` runs the real ones.\n');
} catch (error) {
  process.stderr.write(`✗ demo: ${error.message}\n`);
  process.exitCode = 1;
} finally {
  cleanup();
}
