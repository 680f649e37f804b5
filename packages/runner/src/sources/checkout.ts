import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PlanSource, PlanSources } from '@trtforge/spec';
import { RunnerError, throwIfAborted } from '../errors.js';
import { withLock } from '../store/lock.js';
import type { Store } from '../store/store.js';

export type SourceName = keyof PlanSources;

/** Env var that points at a user's own checkout, per source. */
export const SOURCE_ENV: Record<SourceName, string> = {
  tensorrtllm: 'TRTFORGE_SRC_TENSORRTLLM',
  backend: 'TRTFORGE_SRC_BACKEND',
  server: 'TRTFORGE_SRC_SERVER',
};

export interface SourceCheckout {
  name: SourceName;
  path: string;
  ref: string;
  origin: 'user' | 'cache' | 'cloned' | 'dry-run';
  /** The clone command, when one ran (or would run, in dry-run). */
  command?: string[];
}

export interface ResolveSourceOptions {
  store: Store;
  env: Record<string, string | undefined>;
  /** A user-given checkout (flag); falls back to {@link SOURCE_ENV}. */
  userPath?: string;
  dryRun?: boolean;
  lockStaleMs: number;
  signal?: AbortSignal;
  /** Lock news: a dead owner's clone lock taken, or who holds it. */
  onReport?: (message: string) => void;
}

/** `NVIDIA/TensorRT-LLM` → a GitHub URL; URLs and local paths (file://, /srv/git/x.git) pass through. */
export function cloneUrl(repo: string): string {
  return /^[\w.-]+\/[\w.-]+$/.test(repo) ? `https://github.com/${repo}.git` : repo;
}

function checkPaths(name: SourceName, source: PlanSource, root: string, origin: string): void {
  const missing = source.paths.filter((p) => !existsSync(join(root, p)));
  if (missing.length > 0) {
    throw new RunnerError('source-incomplete', `${origin} ${root} lacks ${missing.join(', ')} (the plan pins ${source.repo} at ${source.ref})`, {
      hint: `point ${SOURCE_ENV[name]} (or --src-${name}) at a checkout of ${source.ref}, or unset it to let trtforge clone one`,
    });
  }
}

/**
 * A checkout of NVIDIA sources pinned to the plan: the user's own (flag or env), else a shallow
 * clone of the pinned ref cached in the store (cloned once, atomically, under a lock).
 */
export async function resolveSource(name: SourceName, source: PlanSource, options: ResolveSourceOptions): Promise<SourceCheckout> {
  const userPath = options.userPath ?? options.env[SOURCE_ENV[name]];
  if (userPath) {
    const path = resolve(userPath);
    checkPaths(name, source, path, options.userPath ? `--src-${name}` : SOURCE_ENV[name]);
    return { name, path, ref: source.ref, origin: 'user' };
  }
  const path = join(options.store.sourcesDir(), `${name}@${source.ref.replace(/[^\w.-]/g, '_')}`);
  const marker = join(path, '.trtforge-complete');
  const temp = join(options.store.sourcesDir(), `.tmp-${name}-${process.pid}-${Date.now()}`);
  const command = ['git', 'clone', '--depth', '1', '--branch', source.ref, cloneUrl(source.repo), temp];
  if (existsSync(marker)) return { name, path, ref: source.ref, origin: 'cache' };
  if (options.dryRun) return { name, path, ref: source.ref, origin: 'dry-run', command: [...command.slice(0, -1), path] };
  return withLock(join(options.store.root, 'locks', `source-${name}@${source.ref.replace(/[^\w.-]/g, '_')}`), { staleMs: options.lockStaleMs, what: `clone of ${name}`, signal: options.signal, onReport: options.onReport }, async () => {
    if (existsSync(marker)) return { name, path, ref: source.ref, origin: 'cache' as const };
    await mkdir(options.store.sourcesDir(), { recursive: true });
    await rm(path, { recursive: true, force: true });
    // LFS objects (test data, wheels) are not needed for the scripts and model files we use.
    // execa on demand (a first clone only): it is not part of what every serve loads.
    const { execa } = await import('execa');
    const result = await execa(command[0]!, command.slice(1), {
      env: { ...options.env, GIT_LFS_SKIP_SMUDGE: '1', GIT_TERMINAL_PROMPT: '0' },
      extendEnv: false,
      reject: false,
      cancelSignal: options.signal,
      stdin: 'ignore',
    });
    if (result.failed) {
      await rm(temp, { recursive: true, force: true });
      throwIfAborted(options.signal, `git clone of ${source.repo}`);
      throw new RunnerError('source-clone', `could not clone ${source.repo} at ${source.ref}: ${String(result.stderr).trim().split('\n').pop() ?? result.shortMessage}`, {
        hint: `check network access, or clone it yourself and pass --src-${name} <dir> (or ${SOURCE_ENV[name]})`,
      });
    }
    checkPaths(name, source, temp, 'the clone');
    await writeFile(join(temp, '.trtforge-complete'), `${source.repo} ${source.ref}\n`);
    await rename(temp, path);
    return { name, path, ref: source.ref, origin: 'cloned' as const, command };
  });
}
