// Test helper: the real OCI registry (Debian's docker-registry, github.com/docker/distribution) on
// 127.0.0.1, a free port and a temp storage dir; started by the test and stopped by it (its own pid only).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './workspace.js';

export const REGISTRY_BIN = '/usr/bin/docker-registry';

export interface Registry {
  /** `127.0.0.1:<port>` */
  address: string;
  /** Its storage root (filesystem driver): blobs are under docker/registry/v2/blobs/sha256/<2>/<64>/data. */
  storage: string;
  /** `oci://127.0.0.1:<port>/<repository>` */
  remote(repository?: string): string;
  /** The data file of a blob in the registry's storage. */
  blobPath(digest: string): string;
  stop(): Promise<void>;
}

export function registryAvailable(): boolean {
  return existsSync(REGISTRY_BIN) && spawnSync(REGISTRY_BIN, ['--version'], { encoding: 'utf8' }).status === 0;
}

export async function startRegistry(): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'trtforge-registry-'));
  const storage = join(dir, 'storage');
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const config = join(dir, 'config.yml');
  writeFileSync(config, [
    'version: 0.1',
    'log:',
    '  level: error',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storage}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${address}`,
    '',
  ].join('\n'));
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  // Ready when /v2/ answers; no deadline of its own (the test timeout bounds a hang), but a dead registry fails at once.
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${stderr}`);
    const ok = await fetch(`http://${address}/v2/`).then((r) => r.status === 200, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    address,
    storage,
    remote: (repository = 'trtforge/entries') => `oci://${address}/${repository}`,
    blobPath: (digest) => {
      const hex = digest.replace(/^sha256:/, '');
      return join(storage, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every blob data file in the registry's storage, biggest first. */
export function registryBlobs(registry: Registry): Array<{ digest: string; path: string; bytes: number }> {
  const root = join(registry.storage, 'docker/registry/v2/blobs/sha256');
  if (!existsSync(root)) return [];
  const out: Array<{ digest: string; path: string; bytes: number }> = [];
  for (const prefix of readdirSync(root)) {
    for (const hex of readdirSync(join(root, prefix))) {
      const path = join(root, prefix, hex, 'data');
      if (existsSync(path)) out.push({ digest: `sha256:${hex}`, path, bytes: statSync(path).size });
    }
  }
  return out.sort((a, b) => b.bytes - a.bytes);
}
