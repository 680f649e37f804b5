// Test helper: a self-hosted turbo remote cache (turborepo-remote-cache, local storage) on
// 127.0.0.1 and a free port; started by the test, stopped by it (its own pid only).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './workspace.js';

export interface TurboCache {
  url: string;
  token: string;
  team: string;
  /** The env a turbo run needs to use this cache. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startTurboCache(): Promise<TurboCache> {
  const require = createRequire(import.meta.url);
  const cli = join(dirname(require.resolve('turborepo-remote-cache/package.json')), 'dist', 'cli.js');
  const storage = mkdtempSync(join(tmpdir(), 'trtforge-turbo-cache-'));
  const port = await freePort();
  const token = 'turbo-cache-test-token';
  const child: ChildProcess = spawn(process.execPath, [cli], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), STORAGE_PROVIDER: 'local', STORAGE_PATH: storage, TURBO_TOKEN: token, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  // Ready when the status endpoint answers; the test timeout bounds a hang, a dead server fails at once.
  for (;;) {
    if (child.exitCode !== null) throw new Error(`turborepo-remote-cache exited with ${child.exitCode}: ${stderr}`);
    const ok = await fetch(`${url}/v8/artifacts/status`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    token,
    team: 'trtforge',
    env: { TURBO_API: url, TURBO_TOKEN: token, TURBO_TEAM: 'trtforge' },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(storage, { recursive: true, force: true });
    },
  };
}
