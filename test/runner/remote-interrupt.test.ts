// Interrupted transfers against the real registry: the client is SIGKILLed while a blob is in
// flight — deterministically, because a proxy stops forwarding after N bytes and the test kills
// then — and nothing is committed; the next run completes (a push continues its upload session).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, startCli } from './helpers/cli.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';
import { registryAvailable, startRegistry, type Registry } from './helpers/registry.js';
import { startRegistryProxy, type RegistryProxy } from './helpers/registry-proxy.js';
import { treeDigests, tracedTools } from './helpers/remote.js';

const CHUNK = 64 * 1024;

async function tags(registry: Registry, repository: string): Promise<string[]> {
  const r = await fetch(`http://${registry.address}/v2/${repository}/tags/list`);
  if (r.status === 404) return [];
  return ((await r.json()) as { tags: string[] | null }).tags ?? [];
}

const manifestOf = (ws: Workspace, step: string) => JSON.parse(readFileSync(join(ws.stateDir, `${step}.manifest.json`), 'utf8')) as { key: string; output: string; status: string; remote?: { digest: string } };

describe.skipIf(!registryAvailable())('interrupted transfers leave nothing committed', () => {
  let registry: Registry;
  const proxies: RegistryProxy[] = [];
  const workspaces: Workspace[] = [];
  const workspace = async (remote: string): Promise<Workspace> => {
    const ws = await createWorkspace();
    workspaces.push(ws);
    Object.assign(ws.env, { TRTFORGE_REMOTE_CACHE: remote, TRTFORGE_REMOTE_CHUNK_BYTES: String(CHUNK), TRTFORGE_STANDIN_TRACE: join(ws.root, 'trace') });
    return ws;
  };
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => {
    for (const p of proxies) await p.stop();
    for (const ws of workspaces) ws.cleanup();
    await registry?.stop();
  });

  // distribution cancels an upload session whose last PATCH was torn (its size no longer matches the
  // session state), so a session continues from the last whole chunk the registry acknowledged: the
  // kill here comes after 5 chunks of the engine, with the 6th PATCH open and none of its bytes through.
  test('push killed mid-blob: no tag in the registry; the next run continues the same upload session', async () => {
    const proxy = await startRegistryProxy(registry.address);
    proxies.push(proxy);
    const a = await workspace(proxy.remote('kill/push'));
    expect((await cli(a, ['convert', MODEL])).code).toBe(0);
    expect((await tags(registry, 'kill/push')).filter((t) => t.startsWith('convert-'))).toHaveLength(1);

    const stalled = proxy.holdPatchAfter(1 + 5); // config.json (one PATCH), then 5 of the engine's 16 chunks
    const run = startCli(a, ['build', MODEL]);
    await stalled;
    run.child.kill('SIGKILL');
    await run.done;
    expect((await tags(registry, 'kill/push')).filter((t) => t.startsWith('build-'))).toEqual([]);
    expect(readdirSync(join(a.store, 'remote', 'uploads')).filter((f) => f.endsWith('.json'))).toHaveLength(1);

    proxy.passthrough();
    const before = proxy.forwarded.upload;
    const again = await cli(a, ['build', MODEL]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/pushed 127\.0\.0\.1:\d+\/kill\/push@sha256:[0-9a-f]{64}/);
    const build = manifestOf(a, 'build');
    expect(build.status).toBe('reused');
    expect(build.remote?.digest).toMatch(/^sha256:/);
    expect(await tags(registry, 'kill/push')).toContain(`build-${build.key}`);
    // the continued session sent what the registry lacked: the engine less its first 5 chunks (+ the small config blob)
    const engineBytes = 1 << 20;
    expect(proxy.forwarded.upload - before).toBeGreaterThanOrEqual(engineBytes - 5 * CHUNK);
    expect(proxy.forwarded.upload - before).toBeLessThan(engineBytes - 5 * CHUNK + 64 * 1024);
    expect(readdirSync(join(a.store, 'remote', 'uploads')).filter((f) => f.endsWith('.json'))).toEqual([]);

    // what was pushed in two parts pulls intact
    const b = await workspace(registry.remote('kill/push'));
    const pulled = await cli(b, ['build', MODEL]);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(manifestOf(b, 'build').status).toBe('pulled');
    expect(tracedTools(b)).toEqual([]);
    expect(treeDigests(manifestOf(b, 'build').output)).toEqual(treeDigests(build.output));
  }, 180_000);

  test('push killed inside a chunk: the registry drops that session, the next run uploads again and completes', async () => {
    const proxy = await startRegistryProxy(registry.address);
    proxies.push(proxy);
    const a = await workspace(proxy.remote('kill/torn'));
    expect((await cli(a, ['convert', MODEL])).code).toBe(0);
    const stalled = proxy.stallAfter('upload', 5 * CHUNK + 1000);
    const run = startCli(a, ['build', MODEL]);
    await stalled;
    run.child.kill('SIGKILL');
    await run.done;
    expect((await tags(registry, 'kill/torn')).filter((t) => t.startsWith('build-'))).toEqual([]);
    proxy.passthrough();
    const again = await cli(a, ['build', MODEL]);
    expect(again.code, again.stderr).toBe(0);
    expect(await tags(registry, 'kill/torn')).toContain(`build-${manifestOf(a, 'build').key}`);
  }, 180_000);

  test('pull killed mid-blob: no entry in the store; the next run continues the blob with a Range request', async () => {
    const a = await workspace(registry.remote('kill/pull'));
    expect((await cli(a, ['build', MODEL])).code).toBe(0);
    const key = manifestOf(a, 'build').key;

    const proxy = await startRegistryProxy(registry.address);
    proxies.push(proxy);
    const b = await workspace(proxy.remote('kill/pull'));
    expect((await cli(b, ['convert', MODEL])).code).toBe(0); // the checkpoint, pulled whole
    const engine = JSON.parse(readFileSync(join(manifestOf(a, 'build').output, '..', 'entry.json'), 'utf8')).files.find((f: { path: string }) => f.path === 'rank0.engine') as { sha256: string; bytes: number };
    const partial = join(b.store, 'remote', 'partial', engine.sha256);
    const stalled = proxy.stallAfter('download', 300_000);
    const run = startCli(b, ['build', MODEL]);
    await stalled;
    // every byte the proxy let through has reached the partial file before the kill (polling a file, not a clock)
    // blobs come in order: the manifest's config (A's entry.json, byte for byte), config.json, then the engine
    const entryJson = join(manifestOf(a, 'build').output, '..', 'entry.json');
    const configBytes = (JSON.parse(readFileSync(entryJson, 'utf8')).files.find((f: { path: string }) => f.path === 'config.json').bytes as number) + statSync(entryJson).size;
    while (!existsSync(partial) || statSync(partial).size < 300_000 - configBytes) await new Promise((r) => setTimeout(r, 10));
    run.child.kill('SIGKILL');
    await run.done;
    expect(existsSync(join(b.store, 'entries', 'build', key))).toBe(false);
    expect(readdirSync(join(b.store, 'tmp')).some((d) => d.startsWith(`build-${key}-`))).toBe(true);
    const kept = statSync(partial).size;

    proxy.passthrough();
    const before = proxy.forwarded.download;
    const again = await cli(b, ['build', MODEL]);
    expect(again.code, again.stderr).toBe(0);
    expect(manifestOf(b, 'build').status).toBe('pulled');
    // the engine's first `kept` bytes came from the partial file (hashed again, not trusted); only the rest crossed the wire
    expect(again.stdout).toMatch(/kept from an interrupted pull/);
    expect(proxy.forwarded.download - before).toBe(engine.bytes - kept + configBytes);
    expect(existsSync(partial)).toBe(false);
    expect(kept).toBe(300_000 - configBytes);
    expect(tracedTools(b)).toEqual([]);
    expect(readdirSync(join(b.store, 'tmp'))).toEqual([]);
    expect(treeDigests(join(b.store, 'entries', 'build', key, 'out'))).toEqual(treeDigests(manifestOf(a, 'build').output));
  }, 180_000);
});
