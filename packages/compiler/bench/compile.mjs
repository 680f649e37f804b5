#!/usr/bin/env node
// Compile-speed figures for issue 13 (never asserted in tests). Every figure comes from this one
// run; the single-process commands are measured in alternating rounds (so machine load hits them
// alike) and reported as medians, with ratios against their peers:
//   - trtforge compile qwen2.5-0.5b, whole process: cached (unchanged spec), spec edited (one field
//     changed, the cache otherwise warm: plain data, no type-check), the same edit in a spec with one
//     computed value (type-checked), empty cache (a fresh clone's first compile), cache off (the
//     reference path) — vs the seed's five fill_template.py runs
//   - trtforge --help and trtforge plan — vs `node -e 0`
//   - 100 specs in one trtforge compile (cold cache) — vs 100 × the peer
//   - turbo run compile --filter=qwen2.5-0.5b on a turbo cache hit
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBackendCheckout, findPython, runSeedFill } from './seed-peer.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'packages/cli/bin/trtforge.js');
const runs = Number(process.env.BENCH_RUNS ?? 7);
const scratch = mkdtempSync(join(tmpdir(), 'trtforge-bench-'));

function timed(label, cmd, args, opts = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}):\n${r.stderr}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sec = (ms) => `${(ms / 1000).toFixed(3)} s`;
const line = (label, ms, note = '') => console.log(`${label.padEnd(60)} ${sec(ms).padStart(9)}${note ? `   ${note}` : ''}`);

const python = findPython();
const backend = findBackendCheckout();
const peer = python && backend.dir ? () => runSeedFill(python, backend.dir) : undefined;
if (!peer) console.log(`peer: ${python ? backend.missing : 'python3 not found'} — absolute times only\n`);

// A throwaway repository with the one spec, edited before every run: one field changed each time, so
// every run misses the load cache while the cache directory is otherwise warm (the usual edit loop).
function editLoop(name = 'edit', form = (text) => text) {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'models', 'qwen2.5-0.5b'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const template = readFileSync(join(root, 'models/qwen2.5-0.5b/model.ts'), 'utf8');
  if (!/maxBatchSize: 20/.test(template)) throw new Error('bench: models/qwen2.5-0.5b/model.ts no longer has maxBatchSize: 20 to edit');
  if (form(template) === template && name !== 'edit') throw new Error(`bench: the ${name} form changes nothing in models/qwen2.5-0.5b/model.ts (its row would measure the plain edit)`);
  const env = { ...process.env, TRTFORGE_COMPILE_CACHE: join(scratch, `cache-${name}`) };
  let edit = 0;
  return () => {
    writeFileSync(join(dir, 'models/qwen2.5-0.5b/model.ts'), form(template.replace(/maxBatchSize: 20/g, `maxBatchSize: ${21 + (edit++ % 40)}`)));
    return timed('compile (edited)', process.execPath, [cli, 'compile', '-q', 'qwen2.5-0.5b'], { cwd: dir, env });
  };
}

try {
  // 1. single-process commands, alternating rounds
  let miss = 0;
  const edited = editLoop();
  // The same spec with one value computed (a const): not plain data, so it is type-checked.
  const typechecked = editLoop('edit-ts', (text) => text.replace("export default defineModel({", 'const queue = 64;\n\nexport default defineModel({').replace('maxQueueSize: 64', 'maxQueueSize: queue'));
  const cases = {
    node: () => timed('node -e 0', process.execPath, ['-e', '0']),
    help: () => timed('--help', process.execPath, [cli, '--help'], { cwd: root }),
    plan: () => timed('plan', process.execPath, [cli, 'plan', 'qwen2.5-0.5b'], { cwd: root }),
    cached: () => timed('compile', process.execPath, [cli, 'compile', '-q', 'qwen2.5-0.5b'], { cwd: root }),
    edited,
    typechecked,
    // An empty cache directory per run: a fresh clone's first compile (type-check, TypeScript compiled from source).
    miss: () => timed('compile (miss)', process.execPath, [cli, 'compile', '-q', 'qwen2.5-0.5b'], { cwd: root, env: { ...process.env, TRTFORGE_COMPILE_CACHE: join(scratch, `miss-${miss++}`) } }),
    off: () => timed('compile (off)', process.execPath, [cli, 'compile', '-q', 'qwen2.5-0.5b'], { cwd: root, env: { ...process.env, TRTFORGE_COMPILE_CACHE: 'off' } }),
    ...(peer ? { peer } : {}),
  };
  cases.cached(); // fill the repository's cache (a no-op when it is warm)
  cases.edited(); // and the edit loops' (what any earlier compile left there)
  cases.typechecked();
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) for (const [k, run] of Object.entries(cases)) samples[k].push(run());
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const vsPeer = (ms) => (m.peer ? `${(ms / m.peer).toFixed(2)}× the seed's five fill_template.py runs` : '');
  console.log(`single spec, whole process (median of ${runs} alternating rounds)`);
  if (m.peer) line("  seed: five python3 fill_template.py runs (the peer)", m.peer, `(${python})`);
  line('  trtforge compile qwen2.5-0.5b, spec unchanged (cache hit)', m.cached, vsPeer(m.cached));
  line('  trtforge compile qwen2.5-0.5b, spec edited (plain data)', m.edited, vsPeer(m.edited));
  line('  trtforge compile qwen2.5-0.5b, edited, one value computed (type-check)', m.typechecked, vsPeer(m.typechecked));
  line('  trtforge compile qwen2.5-0.5b, empty cache (first compile)', m.miss, vsPeer(m.miss));
  line('  trtforge compile qwen2.5-0.5b, TRTFORGE_COMPILE_CACHE=off', m.off, vsPeer(m.off));
  line('  node -e 0', m.node);
  line('  trtforge --help', m.help, `${(m.help / m.node).toFixed(2)}× node -e 0`);
  line('  trtforge plan qwen2.5-0.5b', m.plan, `${(m.plan / m.node).toFixed(2)}× node -e 0`);

  // 2. 100 specs in one run, in a throwaway repository with its own cache
  const dir = join(scratch, 'repo');
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const template = readFileSync(join(root, 'models/qwen2.5-0.5b/model.ts'), 'utf8');
  for (let i = 0; i < 100; i++) {
    const name = `bench-${String(i).padStart(3, '0')}`;
    mkdirSync(join(dir, 'models', name), { recursive: true });
    const batch = 4 + (i % 16);
    // (plain data, as every example: read without TypeScript when the schema accepts it)
    writeFileSync(join(dir, 'models', name, 'model.ts'), template
      .replace("name: 'qwen2.5-0.5b'", `name: '${name}'`)
      .replace(/maxBatchSize: 20/g, `maxBatchSize: ${batch}`)
      // Each its own ports and GPU, as in a real repository (a whole-repository compile checks that: TRT146/TRT147).
      .replace("host: '127.0.0.1',", `host: '127.0.0.1',\n    ports: { http: ${10000 + 4 * i}, grpc: ${10001 + 4 * i}, metrics: ${10002 + 4 * i}, openai: ${10003 + 4 * i} },`)
      .replace("  triton: {", `  parallelism: { gpuIds: [${i}] },\n  triton: {`));
  }
  const cold = timed('100 specs', process.execPath, [cli, 'compile', '-q'], { cwd: dir, env: { ...process.env, TRTFORGE_COMPILE_CACHE: join(scratch, 'cache-100') } });
  const warm = timed('100 specs (cached)', process.execPath, [cli, 'compile', '-q'], { cwd: dir, env: { ...process.env, TRTFORGE_COMPILE_CACHE: join(scratch, 'cache-100') } });
  console.log('\n100 specs in one trtforge compile run');
  line('  empty cache (plain data: no type-check; writes 100 dirs)', cold, m.peer ? `100 × the peer (${sec(100 * m.peer)}) is ${((100 * m.peer) / cold).toFixed(1)}× slower` : '');
  line('  every spec cached', warm, m.peer ? `100 × the peer is ${((100 * m.peer) / warm).toFixed(1)}× slower` : '');

  // 3. turbo cache hit (prime once, then measure)
  const turbo = join(root, 'node_modules/.bin/turbo');
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
  spawnSync(turbo, ['run', 'compile', '--filter=qwen2.5-0.5b'], { cwd: root, env });
  const hits = Array.from({ length: 3 }, () => timed('turbo', turbo, ['run', 'compile', '--filter=qwen2.5-0.5b', '--output-logs=none'], { cwd: root, env }));
  console.log('');
  line('turbo run compile --filter=qwen2.5-0.5b (turbo cache hit, median of 3)', median(hits));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
