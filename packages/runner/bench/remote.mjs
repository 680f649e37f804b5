// Benchmark (figures only, no assertion): a 2 GiB store entry pushed to and pulled from the real
// OCI registry (Debian's docker-registry on 127.0.0.1, a free port, a temp storage dir), each
// transfer in a process of its own so its peak RSS is the transfer's. Target: peak RSS under
// 200 MiB (memory flat in the entry size: every file streams, in 64 MiB PATCH chunks up and
// one streamed GET down, hashed on the way).
//
// The engine is a sparse 2 GiB file (zeros: no disk read in the way on push); the registry
// stores it for real and the pull writes it for real, so ~4 GiB of free disk is needed.
//
// Run: node bench/remote.mjs   (after `npm run build`; part of `npm run bench -w @trtforge/runner`)
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeKey, freePort, OciTier, parseRemote, Store } from '../dist/index.js';

const ENGINE_BYTES = 2 * 1024 ** 3;
const REGISTRY_BIN = '/usr/bin/docker-registry';
const SELF = fileURLToPath(import.meta.url);

const mib = (bytes) => bytes / 1024 ** 2;

/** Child mode: one transfer, then its figures as JSON on stdout. */
async function worker([action, storeRoot, remote, key]) {
  const store = new Store(storeRoot);
  const tier = new OciTier(parseRemote(remote), store, process.env);
  const start = process.hrtime.bigint();
  let bytes;
  if (action === 'push') {
    const entry = await store.find('build', key);
    bytes = (await tier.push(entry)).transferredBytes;
  } else {
    const pulled = await tier.pull('build', key);
    if (!pulled) throw new Error('not in the registry');
    bytes = pulled.result.transferredBytes;
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // resourceUsage().maxRSS is in KiB: the process's peak resident set, the whole run included.
  process.stdout.write(`${JSON.stringify({ ms, bytes, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

function run(args) {
  const r = spawnSync(process.execPath, [SELF, 'worker', ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${args[0]} failed:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

async function bench() {
  if (!existsSync(REGISTRY_BIN)) {
    console.log('(d) remote store: skipped (no /usr/bin/docker-registry; ./scripts/install-system-packages.sh installs it)');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'trtforge-bench-remote-'));
  const address = `127.0.0.1:${await freePort()}`;
  writeFileSync(join(work, 'config.yml'), `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${join(work, 'registry')}\nhttp:\n  addr: ${address}\n`);
  const registry = spawn(REGISTRY_BIN, ['serve', join(work, 'config.yml')], { stdio: 'ignore' });
  try {
    for (;;) {
      if (registry.exitCode !== null) throw new Error(`docker-registry exited with ${registry.exitCode}`);
      if (await fetch(`http://${address}/v2/`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const source = new Store(join(work, 'store-a'));
    const key = composeKey({ step: 'build', bench: 'remote' });
    const temp = await source.createTemp('build', key.key);
    writeFileSync(join(temp.out, 'config.json'), JSON.stringify({ pretrained_config: { mapping: { world_size: 1, tp_size: 1, pp_size: 1 } } }));
    const fd = openSync(join(temp.out, 'rank0.engine'), 'w');
    ftruncateSync(fd, ENGINE_BYTES);
    closeSync(fd);
    await source.commit(temp, { model: 'bench', components: key.components });
    const remote = `oci://${address}/bench/engines`;
    const push = run(['push', source.root, remote, key.key]);
    const pull = run(['pull', join(work, 'store-b'), remote, key.key]);
    const line = (what, r) => `    ${what}  ${(r.ms / 1000).toFixed(1)} s, ${(mib(r.bytes) / (r.ms / 1000)).toFixed(0)} MiB/s, peak RSS ${r.maxRssMiB.toFixed(0)} MiB`;
    console.log('(d) remote store: a 2 GiB entry against docker-registry on loopback (target: peak RSS < 200 MiB)');
    console.log(line('push (64 MiB chunks, sha256 checked by the registry)', push));
    console.log(line('pull (streamed, every byte hashed, then committed)  ', pull));
  } finally {
    registry.kill('SIGTERM');
    await new Promise((r) => (registry.exitCode !== null ? r() : registry.once('exit', r)));
    spawnSync('chmod', ['-R', 'u+w', work]);
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'worker') await worker(process.argv.slice(3));
else await bench();
