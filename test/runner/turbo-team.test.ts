// The team setup, end to end: a self-hosted turbo remote cache (turborepo-remote-cache) for what
// turbo caches (compile's generated/) and an OCI registry (docker-registry) for the store entries.
// Clone A builds; clone B, another checkout with an empty store, runs `turbo run build
// --filter=<model>` and gets the engine with no tool executed. A missing or damaged local entry
// never passes for a built one: it is pulled again, or rebuilt without a remote.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWorkspace, MODEL, REPO_ROOT, type Workspace } from './helpers/workspace.js';
import { registryAvailable, startRegistry, type Registry } from './helpers/registry.js';
import { startTurboCache, type TurboCache } from './helpers/turbo-cache.js';
import { treeDigests, tracedTools } from './helpers/remote.js';

interface Clone extends Workspace {
  turbo(args: string[], env?: Record<string, string | undefined>): { code: number | null; out: string };
}

/** A user's checkout of a trtforge repository with one model, on the stand-in tools, with its own store. */
async function clone(registry: Registry, cache: TurboCache): Promise<Clone> {
  const ws = await createWorkspace({ generated: MODEL });
  const rootPackage = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { packageManager: string };
  writeFileSync(join(ws.root, 'package.json'), `${JSON.stringify({ name: 'team-clone', private: true, workspaces: ['models/*'], packageManager: rootPackage.packageManager }, null, 2)}\n`);
  cpSync(join(REPO_ROOT, 'turbo.json'), join(ws.root, 'turbo.json'));
  for (const file of ['package.json', 'model.ts', 'turbo.json']) cpSync(join(REPO_ROOT, 'models', MODEL, file), join(ws.root, 'models', MODEL, file));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(ws.root, 'node_modules'), 'dir');
  Object.assign(ws.env, {
    ...cache.env,
    TURBO_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
    TRTFORGE_REMOTE_CACHE: registry.remote('team/engines'),
    TRTFORGE_MODEL_DIR: ws.modelDir, // the spec names /models/…; the compiled plan is compile's, as in a real clone
    TRTFORGE_TOKENIZER_DIR: ws.modelDir,
    TRTFORGE_STANDIN_TRACE: join(ws.root, 'trace'),
  });
  return Object.assign(ws, {
    turbo(args: string[], env: Record<string, string | undefined> = {}) {
      const r = spawnSync(join(REPO_ROOT, 'node_modules/.bin/turbo'), ['run', ...args], { cwd: ws.root, encoding: 'utf8', env: { ...ws.env, ...env, NO_COLOR: '1', FORCE_COLOR: '0' } });
      return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
    },
  });
}

function cacheStatus(c: Clone, task: string): { status: string; source?: string } {
  const r = spawnSync(join(REPO_ROOT, 'node_modules/.bin/turbo'), ['run', 'build', `--filter=${MODEL}`, '--dry=json'], { cwd: c.root, encoding: 'utf8', env: c.env });
  const tasks = (JSON.parse(r.stdout) as { tasks: Array<{ taskId: string; cache: { status: string; source?: string } }> }).tasks;
  return tasks.find((t) => t.taskId === `${MODEL}#${task}`)!.cache;
}

const engineLink = (c: Clone): string => join(c.stateDir, 'engine');

describe.skipIf(!registryAvailable())('team setup: turbo remote cache + OCI registry', () => {
  let registry: Registry;
  let cache: TurboCache;
  const clones: Clone[] = [];
  beforeAll(async () => {
    [registry, cache] = await Promise.all([startRegistry(), startTurboCache()]);
  });
  afterAll(async () => {
    for (const c of clones) c.cleanup();
    await Promise.all([registry?.stop(), cache?.stop()]);
  });

  test('clone B gets the engine with 0 tool executions; a lost or damaged entry is pulled again or rebuilt, never reported as there', async () => {
    const a = await clone(registry, cache);
    clones.push(a);
    const first = a.turbo(['build', `--filter=${MODEL}`]);
    expect(first.code, first.out).toBe(0);
    expect(tracedTools(a)).toEqual(['convert_checkpoint.py', 'trtllm-build']);
    expect(first.out).toMatch(/pushed 127\.0\.0\.1:\d+\/team\/engines@sha256:[0-9a-f]{64}/);
    const engine = treeDigests(engineLink(a));

    const b = await clone(registry, cache);
    clones.push(b);
    expect(cacheStatus(b, 'compile')).toEqual({ local: false, remote: true, status: 'HIT', source: 'REMOTE', timeSaved: expect.any(Number) });
    const second = b.turbo(['build', `--filter=${MODEL}`]);
    expect(second.code, second.out).toBe(0);
    expect(second.out).toMatch(new RegExp(`${MODEL.replace('.', '\\.')}:compile: cache hit`));
    expect(tracedTools(b)).toEqual([]);
    expect(second.out).toMatch(/build\s+pulled\s+key/);
    expect(treeDigests(engineLink(b))).toEqual(engine);

    // B's engine file shrinks (a full disk, a stray truncate): the next turbo run pulls the entry again
    const rank0 = join(b.store, 'entries', 'build', JSON.parse(readFileSync(join(b.stateDir, 'build.manifest.json'), 'utf8')).key, 'out', 'rank0.engine');
    chmodSync(join(rank0, '..'), 0o755);
    chmodSync(rank0, 0o644);
    truncateSync(rank0, 1000);
    const third = b.turbo(['build', `--filter=${MODEL}`]);
    expect(third.code, third.out).toBe(0);
    expect(third.out).toMatch(/store entry build [0-9a-f]{12} is damaged: rank0\.engine/);
    expect(third.out).toMatch(/build\s+pulled\s+key/);
    expect(tracedTools(b)).toEqual([]);
    expect(treeDigests(engineLink(b))).toEqual(engine);

    // …and without a remote, a lost entry is built again, whatever turbo's cache holds
    const entry = join(rank0, '..', '..');
    spawnSync('chmod', ['-R', 'u+w', entry]);
    rmSync(entry, { recursive: true, force: true });
    expect(existsSync(join(engineLink(b), 'rank0.engine'))).toBe(false); // the link dangles now
    const fourth = b.turbo(['build', `--filter=${MODEL}`], { TRTFORGE_REMOTE_CACHE: '' });
    expect(fourth.code, fourth.out).toBe(0);
    expect(fourth.out).toMatch(/build\s+rebuilt\s+key/);
    expect(tracedTools(b)).toEqual(['trtllm-build']);
    expect(treeDigests(engineLink(b))).toEqual(engine);
  }, 240_000);
});
