// Benchmarks for the runner's cache design (figures only; nothing here asserts a timing).
//
//  (a) Cache hit of a 2 GiB engine: the store's way (find entry + validate + symlink) versus
//      turbo's own output caching of the same file, measured by really running turbo on a tiny
//      throwaway workspace whose task outputs the 2 GiB (sparse) file: cached once, then restored.
//  (c) Integrity of a 2 GiB entry (sparse file: the figures are sha256 and read() throughput with
//      no disk in the way — on a real disk a full hash is bounded by the slower of the two):
//      commit (hash once), the reuse check (file list + sizes), the serve check with its memo
//      (a stat per file), and a full verify (`trtforge verify`: everything read again).
//  (b) No-op `turbo run serve --filter=qwen2.5-0.5b -- --until-started` in this repository with
//      everything cached, up to the moment the server process has been started (stand-in tools
//      from test/stand-ins, `local` runtime, throwaway store), against the issue's 0.6 s goal, with
//      where the time goes: turbo's own part, trtforge serve (node, CLI start, serve's work).
//
// Run: npm run bench -w @trtforge/runner   (needs `npm run build` first; ~4 GiB free disk for (a))
//      node bench/bench.mjs restore|integrity|serve|remote     one part only
//  (d) A 2 GiB entry pushed to and pulled from the real OCI registry: bench/remote.mjs.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeKey, engineValidator, linkOutput, Store } from '../dist/index.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const TURBO = join(REPO, 'node_modules/.bin/turbo');
const ENGINE_BYTES = 2 * 1024 ** 3;
const MODEL = 'qwen2.5-0.5b';

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const fmt = (t) => (t >= 1000 ? `${(t / 1000).toFixed(2)} s` : `${t.toFixed(1)} ms`);
const now = () => process.hrtime.bigint();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function sparse(path, bytes) {
  const fd = openSync(path, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
}

async function storeRestore(work) {
  const store = new Store(join(work, 'store'));
  const key = composeKey({ step: 'build', bench: true });
  const temp = await store.createTemp('build', key.key);
  writeFileSync(join(temp.out, 'config.json'), JSON.stringify({ pretrained_config: { mapping: { world_size: 1, tp_size: 1, pp_size: 1 } } }));
  sparse(join(temp.out, 'rank0.engine'), ENGINE_BYTES);
  await store.commit(temp, { model: 'bench', components: key.components });
  const times = [];
  for (let i = 0; i < 5; i++) {
    const start = now();
    const entry = await store.find('build', key.key, engineValidator(1));
    await linkOutput(join(work, 'state'), 'engine', entry.out);
    times.push(ms(start));
  }
  return median(times);
}

function turboWorkspace(work) {
  const root = join(work, 'turbo-ws');
  mkdirSync(join(root, 'pkg'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'bench-root', private: true, workspaces: ['pkg'], packageManager: 'npm@11.19.1' }));
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ name: 'bench-root', lockfileVersion: 3, requires: true, packages: { '': { name: 'bench-root', workspaces: ['pkg'] }, pkg: { name: 'pkg' }, 'node_modules/pkg': { resolved: 'pkg', link: true } } }));
  writeFileSync(join(root, 'turbo.json'), JSON.stringify({ tasks: { engine: { inputs: ['make-engine.mjs', 'package.json'], outputs: ['out/**'] } } }));
  writeFileSync(join(root, '.gitignore'), 'out/\n.turbo/\nnode_modules/\n');
  writeFileSync(join(root, 'pkg', 'package.json'), JSON.stringify({ name: 'pkg', private: true, scripts: { engine: 'node make-engine.mjs' } }));
  writeFileSync(
    join(root, 'pkg', 'make-engine.mjs'),
    `import { closeSync, ftruncateSync, mkdirSync, openSync } from 'node:fs';\nmkdirSync('out', { recursive: true });\nconst fd = openSync('out/rank0.engine', 'w');\nftruncateSync(fd, ${ENGINE_BYTES});\ncloseSync(fd);\n`,
  );
  execFileSync('git', ['init', '-q'], { cwd: root });
  // turbo's cold start (daemon-less, first hash of the workspace) is not what we compare: warm it up.
  spawnSync(TURBO, ['run', 'engine', '--dry=json'], { cwd: root, env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
  return root;
}

function turboRun(root, cacheDir) {
  const start = now();
  const r = spawnSync(TURBO, ['run', 'engine', `--cache-dir=${cacheDir}`], { cwd: root, encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', DO_NOT_TRACK: '1' } });
  const elapsed = ms(start);
  if (r.status !== 0) throw new Error(`turbo failed: ${r.stderr || r.stdout}`);
  return { elapsed, hit: /1 cached, 1 total/.test(r.stdout) };
}

function dirBytes(dir) {
  let total = 0;
  const walk = (d) => {
    for (const name of execFileSync('ls', ['-A', d], { encoding: 'utf8' }).split('\n').filter(Boolean)) {
      const full = join(d, name);
      const s = statSync(full);
      if (s.isDirectory()) walk(full);
      else total += s.blocks * 512;
    }
  };
  if (existsSync(dir)) walk(dir);
  return total;
}

async function benchRestore() {
  const work = mkdtempSync(join(tmpdir(), 'trtforge-bench-'));
  try {
    const link = await storeRestore(work);
    const root = turboWorkspace(work);
    const cacheDir = join(work, 'turbo-cache');
    const write = turboRun(root, cacheDir);
    rmSync(join(root, 'pkg', 'out'), { recursive: true, force: true });
    const restore = turboRun(root, cacheDir);
    const restoredBlocks = statSync(join(root, 'pkg', 'out', 'rank0.engine')).blocks * 512;
    console.log('(a) cache hit of a 2 GiB engine');
    console.log(`    store entry + symlink (find, validate, link)   ${fmt(link)}   (median of 5; 0 bytes copied)`);
    console.log(`    turbo output cache: first run (execute + save)  ${fmt(write.elapsed)}   (cache on disk: ${(dirBytes(cacheDir) / 1024 ** 2).toFixed(1)} MiB)`);
    console.log(`    turbo output cache: restore (cache hit: ${restore.hit ? 'yes' : 'NO'})     ${fmt(restore.elapsed)}   (restored file uses ${(restoredBlocks / 1024 ** 3).toFixed(2)} GiB on disk)`);
    console.log(`    ratio turbo restore / store link                ${(restore.elapsed / link).toFixed(0)}×`);
  } finally {
    removeWork(work);
  }
}

/** Store entries are read-only (0555 dirs): give the write bits back before deleting the bench's temp dir. */
function removeWork(work) {
  spawnSync('chmod', ['-R', 'u+w', work]);
  rmSync(work, { recursive: true, force: true });
}

async function benchIntegrity() {
  const work = mkdtempSync(join(tmpdir(), 'trtforge-bench-integrity-'));
  try {
    const store = new Store(join(work, 'store'));
    const key = composeKey({ step: 'build', bench: 'integrity' });
    const temp = await store.createTemp('build', key.key);
    writeFileSync(join(temp.out, 'config.json'), JSON.stringify({ pretrained_config: { mapping: { world_size: 1, tp_size: 1, pp_size: 1 } } }));
    sparse(join(temp.out, 'rank0.engine'), ENGINE_BYTES);
    let start = now();
    const entry = await store.commit(temp, { model: 'bench', components: key.components });
    const commit = ms(start);
    const reuse = [];
    const served = [];
    const full = [];
    for (let i = 0; i < 5; i++) {
      start = now();
      const found = await store.lookup('build', key.key, engineValidator(1));
      reuse.push(ms(start));
      if (found.state !== 'ok') throw new Error(`bench entry ${found.state}`);
      start = now();
      const checked = await store.verifyContent(entry, { trustMemo: true });
      served.push(ms(start));
      if (checked.damage.length > 0 || checked.hashedBytes !== 0) throw new Error('the memoised check re-read the entry');
    }
    for (let i = 0; i < 3; i++) {
      start = now();
      const checked = await store.verifyContent(entry, { trustMemo: false });
      full.push(ms(start));
      if (checked.damage.length > 0 || checked.hashedBytes !== ENGINE_BYTES + statSync(join(entry.out, 'config.json')).size) throw new Error('full verify did not read everything');
    }
    const rate = (t) => `${(ENGINE_BYTES / 1024 ** 3 / (t / 1000)).toFixed(2)} GiB/s`;
    console.log('(c) integrity of a 2 GiB engine entry (2 files; sparse: CPU-bound sha256, no disk)');
    console.log(`    commit: size + sha256 of every file, read-only  ${fmt(commit)}   (once per build; ${rate(commit)})`);
    console.log(`    reuse check: file list + sizes (every reuse)    ${fmt(median(reuse))}   (median of 5; no file read)`);
    console.log(`    serve check, memo hit (stat per file)           ${fmt(median(served))}   (median of 5; no file read)`);
    console.log(`    full verify: re-hash everything (trtforge verify) ${fmt(median(full))}   (median of 3; ${rate(median(full))})`);
    console.log(`    ratio full verify / memoised serve check         ${(median(full) / median(served)).toFixed(0)}×`);
  } finally {
    removeWork(work);
  }
}

/** The issue's goal for (b): a no-op `turbo run serve` up to the server process being started. */
const SERVE_GOAL_MS = 600;
const SERVE_ROUNDS = 5;

/** turbo's platform binary, which the node launcher (TURBO) looks up and starts: resolved only by the serve bench, which runs it. */
function turboNative() {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = process.arch === 'x64' ? '64' : process.arch;
  return join(dirname(createRequire(import.meta.url).resolve(`@turbo/${platform}-${arch}/package.json`)), 'bin', `turbo${platform === 'windows' ? '.exe' : ''}`);
}

async function benchNoopServe() {
  const TURBO_NATIVE = turboNative();
  if (!existsSync(join(REPO, 'generated', MODEL, 'plan.json'))) {
    console.log(`(b) skipped: generated/${MODEL}/plan.json does not exist (turbo run compile first)`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'trtforge-bench-serve-'));
  try {
    const { makeHfModel } = await import(join(REPO, 'test/stand-ins/fixtures/make-hf-model.mjs'));
    const { makeTensorrtLlmCheckout, makeBackendCheckout, makeServerCheckout } = await import(join(REPO, 'test/stand-ins/fixtures/make-checkouts.mjs'));
    const env = {
      ...process.env,
      PATH: `${join(REPO, 'test/stand-ins/bin')}:${process.env.PATH}`,
      TRTFORGE_RUNTIME: 'local',
      TRTFORGE_STORE: join(work, 'store'),
      TRTFORGE_MODEL_DIR: makeHfModel(join(work, 'hf')),
      TRTFORGE_SRC_TENSORRTLLM: makeTensorrtLlmCheckout(join(work, 'trt')),
      TRTFORGE_SRC_BACKEND: makeBackendCheckout(join(work, 'backend')),
      TRTFORGE_SRC_SERVER: makeServerCheckout(join(work, 'server')),
      TURBO_TELEMETRY_DISABLED: '1',
      TURBO_NO_UPDATE_NOTIFIER: '1',
    };
    const modelDir = join(REPO, 'models', MODEL);
    const cli = join(REPO, 'packages/cli/bin/trtforge.js');
    /** Runs argv, fails the bench on a failing exit, returns ms and stdout. */
    const timed = (argv, cwd = REPO) => {
      const start = now();
      const r = spawnSync(argv[0], argv.slice(1), { cwd, env, encoding: 'utf8' });
      const elapsed = ms(start);
      if (r.status !== 0) throw new Error(`${argv.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
      return { elapsed, stdout: r.stdout };
    };
    const cachedCounts = [];
    const turboServe = () => {
      const r = timed([TURBO, 'run', 'serve', `--filter=${MODEL}`, '--output-logs=errors-only', '--', '--until-started']);
      cachedCounts.push(/Cached:\s+(\d+ cached, \d+ total)/.exec(r.stdout)?.[1] ?? '?');
      return r.elapsed;
    };
    // The goal's own measure: from starting turbo until the server process has started, i.e. until
    // trtforge's line for it (printed right after the spawn) reaches turbo's output; the run then goes on
    // to stop the server and exit (the whole, above). Streamed task output (new-only: the serve task's).
    const startedPattern = /server process started \(pid \d+\)/;
    const turboUntilStarted = () => new Promise((resolve, reject) => {
      const start = now();
      let started;
      let out = '';
      const child = spawn(TURBO, ['run', 'serve', `--filter=${MODEL}`, '--output-logs=new-only', '--log-order=stream', '--', '--until-started'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (started === undefined && startedPattern.test(out)) started = ms(start);
      });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 && started !== undefined ? resolve(started) : reject(new Error(`turbo run serve (streamed) failed (exit ${code}):\n${out}`))));
    });
    // Each piece of the no-op on its own, measured in the same alternating rounds as the whole.
    const pieces = {
      // The same graph up to serve: turbo's node launcher, hashing, and the 8 cached tasks replayed (7 builds + compile).
      turboStart: () => timed([TURBO, 'run', 'compile', `--filter=${MODEL}`, '--output-logs=errors-only']).elapsed,
      // node_modules/.bin/turbo is a node script that starts turbo's native binary.
      turboLauncher: () => timed([TURBO, '--version']).elapsed,
      // The same whole no-op through turbo's native binary (what the launcher starts; a turbo installed
      // without npm's launcher, e.g. from Homebrew or turbo's installer, is run this way).
      turboNative: () => timed([TURBO_NATIVE, 'run', 'serve', `--filter=${MODEL}`, '--output-logs=errors-only', '--', '--until-started']).elapsed,
      // What the serve task runs (turbo.json command: node_modules/.bin/trtforge serve <model>).
      serve: () => timed([process.execPath, cli, 'serve', MODEL, '--until-started'], modelDir).elapsed,
      cliStart: () => timed([process.execPath, cli, 'serve', MODEL, '--help'], modelDir).elapsed,
      node: () => timed([process.execPath, '-e', '0']).elapsed,
      // The GPU query serve waits for (started as the process starts, so partly hidden): here the stand-in, a node script.
      nvidiaSmi: () => timed(['nvidia-smi', '--query-gpu=index,name,compute_cap,memory.total', '--format=csv,noheader,nounits']).elapsed,
      // What `npm run serve` (turbo's way to start a task without a command) put in front of trtforge.
      npmServeHelp: () => timed(['npm', 'run', 'serve', '--', '--help'], modelDir).elapsed,
    };
    const load = () => loadavg()[0].toFixed(2);
    const loadBefore = load();
    const cold = turboServe();
    // Alternating rounds: on a loaded machine only figures from the same rounds compare.
    const warm = [];
    const untilStarted = [];
    const times = Object.fromEntries(Object.keys(pieces).map((k) => [k, []]));
    for (let i = 0; i < SERVE_ROUNDS; i++) {
      warm.push(turboServe());
      untilStarted.push(await turboUntilStarted());
      for (const [name, run] of Object.entries(pieces)) times[name].push(run());
    }
    const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
    const total = median(warm);
    const serveWork = m.serve - m.cliStart;
    const cliOnly = m.cliStart - m.node;
    const npm = m.npmServeHelp - m.cliStart;
    const floor = m.turboStart + m.node;
    const row = (label, t, note = '') => console.log(`    ${label.padEnd(70)} ${fmt(t).padStart(9)}${note ? `   ${note}` : ''}`);
    console.log(`(b) no-op serve, up to the server process being started (stand-ins, local runtime; load average ${loadBefore} before, ${load()} after)`);
    row('turbo run serve, first run (builds everything)', cold);
    const started = median(untilStarted);
    row(`turbo run serve, all cached, until the server process started (median of ${SERVE_ROUNDS})`, started, `goal ${fmt(SERVE_GOAL_MS)}: ${(started / SERVE_GOAL_MS).toFixed(2)}× the goal (the line trtforge prints after the spawn, as it reaches turbo's output)`);
    row(`turbo run serve, all cached, whole run: then stop the server, exit (median of ${SERVE_ROUNDS})`, total, `${(total / SERVE_GOAL_MS).toFixed(2)}× the goal (turbo: ${cachedCounts.slice(1).join(' / ')})`);
    row('turbo run serve, all cached, whole run, through turbo\'s native binary (no node launcher)', m.turboNative, `${(m.turboNative / SERVE_GOAL_MS).toFixed(2)}× the goal (${relative(REPO, TURBO_NATIVE)})`);
    console.log(`    where it goes (medians of the same ${SERVE_ROUNDS} alternating rounds):`);
    row('  turbo: launcher, hashing, 8 cached tasks replayed (run compile)', m.turboStart);
    row('    of which the node launcher (node_modules/.bin/turbo --version)', m.turboLauncher);
    row('  trtforge serve --until-started (the task turbo starts)', m.serve);
    row("    of which node's start (node -e 0)", m.node);
    row("    of which the CLI's start (trtforge serve --help − node)", cliOnly);
    row("    of which serve's work (GPU probe, keys, store, lock, start)", serveWork, 're-verifies keys, hashes what the server reads (memo), probes the GPU');
    row('      one nvidia-smi query, for reference (stand-in: a node script)', m.nvidiaSmi, 'starts with the process, runs while the CLI and the runner load; serve waits for what is left of it');
    row('  sum of the parts', m.turboStart + m.serve, `whole − parts: ${fmt(total - m.turboStart - m.serve)} (turbo starting the task, waiting for it; noise)`);
    row('  not in the path any more: npm run serve (npm run serve -- --help − CLI)', npm, 'turbo.json `command` starts trtforge itself');
    row("floor outside trtforge's code: turbo's part + node's start", floor, `${(floor / SERVE_GOAL_MS).toFixed(2)}× the goal`);
    row('node -e 0', m.node, `turbo run serve = ${(total / m.node).toFixed(1)}× node; trtforge serve alone ${(m.serve / m.node).toFixed(1)}×`);
  } finally {
    removeWork(work);
  }
}

// `node bench/bench.mjs [restore|integrity|serve]` runs one part; no argument runs both.
const only = process.argv[2];
if (!only || only === 'restore') await benchRestore();
if (!only || only === 'integrity') await benchIntegrity();
if (!only || only === 'serve') await benchNoopServe();
if (!only || only === 'remote') spawnSync(process.execPath, [fileURLToPath(new URL('./remote.mjs', import.meta.url))], { stdio: 'inherit' });
