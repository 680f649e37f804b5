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
//      from test/stand-ins, `local` runtime, throwaway store and turbo cache).
//
// Run: npm run bench -w @trtforge/runner   (needs `npm run build` first; ~4 GiB free disk for (a))
//      node bench/bench.mjs restore|integrity|serve|remote     one part only
//  (d) A 2 GiB entry pushed to and pulled from the real OCI registry: bench/remote.mjs.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

async function benchNoopServe() {
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
    const cacheDir = join(work, 'turbo-cache');
    const cachedCounts = [];
    const serve = () => {
      const start = now();
      const r = spawnSync(TURBO, ['run', 'serve', `--filter=${MODEL}`, '--output-logs=errors-only', '--', '--until-started'], { cwd: REPO, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`turbo run serve failed:\n${r.stdout}\n${r.stderr}`);
      cachedCounts.push(/Cached:\s+(\d+ cached, \d+ total)/.exec(r.stdout)?.[1] ?? '?');
      return ms(start);
    };
    const direct = () => {
      const start = now();
      const r = spawnSync(process.execPath, [join(REPO, 'packages/cli/bin/trtforge.js'), 'serve', MODEL, '--until-started'], { cwd: join(REPO, 'models', MODEL), env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`trtforge serve failed:\n${r.stdout}\n${r.stderr}`);
      return ms(start);
    };
    const node0 = () => {
      const start = now();
      spawnSync(process.execPath, ['-e', '0']);
      return ms(start);
    };
    const cold = serve();
    // Alternating rounds: on a loaded machine only figures from the same rounds compare.
    const warm = [];
    const cli = [];
    const floor = [];
    for (let i = 0; i < 3; i++) {
      warm.push(serve());
      cli.push(direct());
      floor.push(node0());
    }
    const help = (() => {
      const start = now();
      spawnSync(process.execPath, [join(REPO, 'packages/cli/bin/trtforge.js'), '--help'], { env });
      return ms(start);
    })();
    console.log('(b) no-op serve, up to the server process being started (stand-ins, local runtime)');
    console.log(`    turbo run serve, first run (builds everything)  ${fmt(cold)}`);
    console.log(`    turbo run serve, all cached (median of 3)       ${fmt(median(warm))}   (turbo: ${cachedCounts.slice(1).join(' / ')}; serve itself is never cached and settles convert/build in its process)`);
    console.log(`    of which trtforge serve --until-started alone    ${fmt(median(cli))}   (median of 3; re-verifies keys, probes GPU, assembles nothing)`);
    console.log(`    of which node + CLI start-up (trtforge --help)   ${fmt(help)}`);
    console.log(`    node -e 0 (median of 3)                         ${fmt(median(floor))}   (turbo run serve = ${(median(warm) / median(floor)).toFixed(1)}× node; trtforge serve alone ${(median(cli) / median(floor)).toFixed(1)}×)`);
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
