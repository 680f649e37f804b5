#!/usr/bin/env node
// Measures the startup-snapshot prototype (README.md) against today's edited-spec compile, in one
// run: alternating rounds, medians. Then checks that the snapshot child's diagnostics and values
// equal today's loadSpecs() for bad-spec corpus cases. Figures only, never asserted in tests.
// Usage: TRTFORGE_SRC_BACKEND=<tensorrtllm_backend checkout> BENCH_RUNS=7 node measure.mjs
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBackendCheckout, findPython, runSeedFill } from '../seed-peer.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '../../../..');
const cli = join(root, 'packages/cli/bin/trtforge.js');
const runs = Number(process.env.BENCH_RUNS ?? 7);
const scratch = mkdtempSync(join(tmpdir(), 'trtforge-snapshot-'));
const node = process.execPath;

function run(label, args, opts = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(node, args, { encoding: 'utf8', maxBuffer: 1 << 26, ...opts });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}, signal ${r.signal}):\n${r.stderr}`);
  return { ms, stdout: r.stdout };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sec = (ms) => `${(ms / 1000).toFixed(3)} s`;

try {
  const built = JSON.parse(run('build.mjs', [join(here, 'build.mjs'), join(scratch, 'snapshot')]).stdout);
  const blob = ['--snapshot-blob', built.blob];

  // The edit loop of bench/compile.mjs: one field changed before every run, the cache otherwise warm.
  const dir = join(scratch, 'edit');
  const spec = join(dir, 'models/qwen2.5-0.5b/model.ts');
  mkdirSync(join(dir, 'models/qwen2.5-0.5b'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // With one value computed (as bench/compile.mjs' type-checked row): not plain data, so every edit is type-checked.
  const plain = readFileSync(join(root, 'models/qwen2.5-0.5b/model.ts'), 'utf8');
  const template = plain.replace('export default defineModel({', 'const queue = 64;\n\nexport default defineModel({').replace('maxQueueSize: 64', 'maxQueueSize: queue');
  if (template === plain || !/maxBatchSize: 20/.test(template)) throw new Error('measure: models/qwen2.5-0.5b/model.ts no longer has what this edits');
  let edit = 0;
  const editSpec = () => writeFileSync(spec, template.replace(/maxBatchSize: 20/g, `maxBatchSize: ${21 + (edit++ % 40)}`));
  const env = { ...process.env, TRTFORGE_COMPILE_CACHE: join(scratch, 'cache-edit') };
  // Load-cache hit but result-cache miss: everything an edited compile does except the type-check
  // (validate, resolve, lint, emit, write for a changed spec) — what would remain around the child.
  const rest = join(scratch, 'rest');
  mkdirSync(join(rest, 'models/qwen2.5-0.5b'), { recursive: true });
  writeFileSync(join(rest, 'package.json'), '{"private":true}\n');
  symlinkSync(join(root, 'node_modules'), join(rest, 'node_modules'), 'dir');
  writeFileSync(join(rest, 'models/qwen2.5-0.5b/model.ts'), template.replace(/maxBatchSize: 20/g, 'maxBatchSize: 19'));
  const restEnv = { ...process.env, TRTFORGE_COMPILE_CACHE: join(scratch, 'cache-rest') };
  const python = findPython();
  const backend = findBackendCheckout();
  const cases = {
    edited: () => { editSpec(); return run('compile (edited)', [cli, 'compile', '-q', 'qwen2.5-0.5b'], { cwd: dir, env }).ms; },
    cached: () => run('compile (cached)', [cli, 'compile', '-q', 'qwen2.5-0.5b'], { cwd: dir, env }).ms,
    rest: () => {
      rmSync(join(scratch, 'cache-rest/result'), { recursive: true, force: true });
      return run('compile (result miss)', [cli, 'compile', '-q', 'qwen2.5-0.5b'], { cwd: rest, env: restEnv }).ms;
    },
    snapshot: () => { editSpec(); return run('snapshot check', [...blob, 'check', spec], { cwd: dir }).ms; },
    plain: () => { editSpec(); return run('bundle check', [built.bundle, 'check', spec], { cwd: dir }).ms; },
    noop: () => run('snapshot noop', [...blob, 'noop']).ms,
    node: () => run('node -e 0', ['-e', '0']).ms,
    ...(python && backend.dir ? { peer: () => runSeedFill(python, backend.dir) } : {}),
  };
  cases.edited(); // fill the cache (the code cache of typescript.js included)
  run('compile (rest)', [cli, 'compile', '-q', 'qwen2.5-0.5b'], { cwd: rest, env: restEnv }); // its load cache
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) for (const [k, f] of Object.entries(cases)) samples[k].push(f());
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const row = (label, ms, note = '') => console.log(`${label.padEnd(66)} ${sec(ms).padStart(9)}   ${note}`);
  const ratios = (ms) => [m.peer ? `${(ms / m.peer).toFixed(2)}× peer` : '', `${(ms / m.edited).toFixed(2)}× today's edited compile`].filter(Boolean).join(', ');
  console.log(`${built.node}, typescript ${built.typescript}; ${built.minified ? 'minified ' : ''}bundle ${(built.bundleBytes / 1e6).toFixed(1)} MB (esbuild ${built.bundleMs} ms), blob ${(built.blobBytes / 1e6).toFixed(1)} MB (--build-snapshot ${built.buildSnapshotMs} ms)`);
  for (const w of built.warnings) console.log(`build: ${w}`);
  console.log(`median of ${runs} alternating rounds`);
  if (m.peer) row('seed: five python3 fill_template.py runs (the peer)', m.peer);
  row('today: trtforge compile, spec edited (type-check, code cache)', m.edited, ratios(m.edited));
  row('today: trtforge compile, spec unchanged (cache hit)', m.cached, ratios(m.cached));
  row('snapshot child: type-check + evaluate the edited spec', m.snapshot, ratios(m.snapshot));
  row('same bundle without snapshot (parses everything, no code cache)', m.plain, ratios(m.plain));
  row('snapshot child: deserialize only (noop)', m.noop, `${(m.noop / m.node).toFixed(2)}× node -e 0; deserialize ≈ ${sec(m.noop - m.node)}`);
  row('node -e 0', m.node);
  row('today: compile, load-cache hit, result-cache miss (no type-check)', m.rest, ratios(m.rest));
  row('estimate wired in: that + snapshot child', m.rest + m.snapshot, ratios(m.rest + m.snapshot));
  const last = JSON.parse(run('snapshot check', [...blob, 'check', spec], { cwd: dir }).stdout);
  console.log(`snapshot child held ${last.held} declaration files; stats ${JSON.stringify(last.stats)}`);

  // Same diagnostics, value and field locations as today's loadSpecs() (the product path, no load cache).
  const corpus = join(root, 'test/bad-specs');
  const names = ['as-any-field', 'invalid-enum-kv-cache-type', 'wrong-type-batch-size', 'unknown-field-typo', 'wrong-type-streaming', 'import-node-module', 'syntax-error', 'eval-throw-in-field'];
  const files = names.map((n) => join(corpus, n, 'model.ts'));
  const probe = `import { loadSpecs } from ${JSON.stringify(join(root, 'packages/compiler/dist/load/load-specs.js'))};
    process.stdout.write(JSON.stringify(loadSpecs(${JSON.stringify(files)}, ${JSON.stringify(corpus)}).map((s) => ({ value: s.value, diagnostics: s.diagnostics, locations: s.locations.toData() }))));`;
  const today = JSON.parse(run('loadSpecs', ['--input-type=module', '-e', probe], { cwd: corpus }).stdout);
  const snap = run('snapshot check', [...blob, 'check', ...files], { cwd: corpus }).stdout.trim().split('\n').map((l) => JSON.parse(l));
  console.log('\ndiagnostics, value and field locations vs today\'s loadSpecs()');
  names.forEach((n, i) => {
    const a = JSON.parse(JSON.stringify(today[i])); // undefined hints dropped on both sides alike
    const b = JSON.parse(JSON.stringify({ value: snap[i].value, diagnostics: snap[i].diagnostics, locations: snap[i].locations }));
    const same = isDeepStrictEqual(a, b);
    console.log(`  ${n.padEnd(30)} ${same ? 'same' : 'DIFFERENT'}   ${b.diagnostics.map((d) => `${d.code}@${d.line}:${d.column} ${d.path}`).join(', ') || '(none)'}`);
    if (!same) console.log(`    today:    ${JSON.stringify(a)}\n    snapshot: ${JSON.stringify(b)}`);
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
