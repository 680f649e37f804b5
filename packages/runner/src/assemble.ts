import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ServeStep } from '@trtforge/spec';
import type { RunContext } from './context.js';
import { RunnerError, throwIfAborted } from './errors.js';
import { resolveMounts } from './mounts.js';
import { checkRepository } from './repository-check.js';
import { PathMap } from './runtime/path-map.js';
import { sha256 } from './store/hash.js';
import { composeKey, type StepKey } from './store/key.js';
import { withLock } from './store/lock.js';
import { readManifest } from './store/manifest.js';
import { listFiles } from './store/store.js';
import { DAMAGED_REASON, reusableEntry, reusableOrQuarantined } from './steps/check-entry.js';
import { explainKey } from './steps/explain.js';
import type { StepOutcome } from './steps/outcome.js';
import { settleStep } from './steps/run-step.js';
import { pullFromRemote, pushIfUnrecorded, pushToRemote } from './steps/remote-step.js';
import { resolveSource, type SourceCheckout } from './sources/checkout.js';

async function hashTree(root: string, prefix = ''): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  const info = await stat(root);
  const files = info.isDirectory() ? (await listFiles(root)).map((f) => f.path) : [''];
  for (const file of files) hashes[join(prefix, file)] = sha256(await readFile(join(root, file)));
  return hashes;
}

/** For `local`: container paths in string parameters become the host paths the server will really see. */
async function rewriteConfigPaths(repo: string, paths: PathMap): Promise<void> {
  for (const file of (await listFiles(repo)).filter((f) => f.path.endsWith('config.pbtxt'))) {
    const full = join(repo, file.path);
    const text = await readFile(full, 'utf8');
    const rewritten = text.replace(/(string_value:\s*")(\/[^"]*)(")/g, (_, open: string, path: string, close: string) => open + paths.toHost(path) + close);
    if (rewritten !== text) await writeFile(full, rewritten);
  }
}

async function hashConfigs(ctx: RunContext, configsDir: string): Promise<Record<string, string>> {
  try {
    return await hashTree(configsDir);
  } catch {
    throw new RunnerError('repo-configs', `no model configs at ${configsDir}`, { hint: `recompile: trtforge compile ${ctx.plan.model}` });
  }
}

interface RepositoryInputs {
  key: StepKey;
  configsDir: string;
  backend: SourceCheckout;
  hostPaths: PathMap | undefined;
}

/**
 * What the model repository is made of, and so its key: the compiled configs, the pinned `1/`
 * dirs of the tensorrtllm_backend checkout, the empty version dirs, and — for `local` only — the
 * host paths baked into the configs. Needs a checkout that is there (not a dry run's clone to be).
 */
async function repositoryInputs(ctx: RunContext, serveStep: ServeStep, engineDir: string, backend: SourceCheckout): Promise<RepositoryInputs> {
  const { assemble } = ctx.plan;
  const configsDir = join(ctx.generatedDir, assemble.configs);
  // Where the server process will see engine and tokenizer; `local` bakes host paths into configs.
  const otherMounts = await resolveMounts(ctx, { ...serveStep, mounts: serveStep.mounts.filter((m) => m.source.kind !== 'modelRepo') }, { build: engineDir });
  const hostPaths = ctx.runtime.runsOnHost ? new PathMap(otherMounts) : undefined;
  const configs = await hashConfigs(ctx, configsDir);
  const copied: Record<string, string> = {};
  for (const { from, to } of assemble.copy) {
    try {
      Object.assign(copied, await hashTree(join(backend.path, from), to));
    } catch {
      throw new RunnerError('repo-source', `backend checkout ${backend.path} lacks ${from} (plan pins ${ctx.plan.sources.backend.repo} ${backend.ref})`, {
        hint: 'point --src-backend / TRTFORGE_SRC_BACKEND at a tensorrtllm_backend checkout of that ref',
      });
    }
  }
  const key = composeKey({
    step: 'repo',
    configs,
    backend: { ref: backend.ref, files: copied },
    mkdir: [...assemble.mkdir].sort(),
    hostPaths: hostPaths ? Object.fromEntries(hostPaths.pairs()) : null,
  });
  return { key, configsDir, backend, hostPaths };
}

/**
 * The model repository's key on this host for `trtforge cache`, without cloning anything: a
 * problem (said, not guessed) when the tensorrtllm_backend checkout is not there yet.
 */
export async function repositoryKey(ctx: RunContext, serveStep: ServeStep, engineDir: string): Promise<{ key: StepKey } | { problem: string }> {
  const backend = await resolveSource('backend', ctx.plan.sources.backend, {
    store: ctx.store, env: ctx.env, dryRun: true, lockStaleMs: ctx.lockStaleMs, ...(ctx.sourceOverrides.backend ? { userPath: ctx.sourceOverrides.backend } : {}),
  });
  if (backend.origin === 'dry-run') return { problem: `the tensorrtllm_backend checkout (${ctx.plan.sources.backend.ref}) is not cloned yet: \`trtforge serve ${ctx.plan.model}\` clones it and assembles the repository` };
  return { key: (await repositoryInputs(ctx, serveStep, engineDir, backend)).key };
}

/**
 * Builds the servable model repository: generated/<name>/triton_model_repo (configs) + the
 * pinned `1/` dirs from the tensorrtllm_backend checkout (plan.assemble.copy) + empty version
 * dirs. Content-addressed and atomic like the other steps; the engine is not copied but mounted
 * (for `local`, its host path is written into the configs instead). Like convert and build, it
 * goes through the remote tier (TRTFORGE_REMOTE_CACHE): pulled on a miss, pushed once built —
 * it is what a Kubernetes pod pulls next to the engine (`trtforge deploy`).
 */
export async function assembleRepository(ctx: RunContext, serveStep: ServeStep, engineDir: string): Promise<StepOutcome> {
  const settled = ctx.outcomes.get('repo');
  if (settled) return settled;
  const started = Date.now();
  throwIfAborted(ctx.signal, 'assemble');
  const { assemble } = ctx.plan;
  const source = await ctx.source('backend');
  if (source.origin === 'dry-run') {
    await hashConfigs(ctx, join(ctx.generatedDir, assemble.configs));
    // Not cloned yet: the copies (and so the key) are unknown until the clone runs.
    const reasons = ['the tensorrtllm_backend checkout is not cloned yet'];
    ctx.emit({ type: 'step-start', step: 'repo', key: 'unknown', reasons });
    for (const { from, to } of assemble.copy) ctx.emit({ type: 'notice', step: 'repo', message: `copy ${join(source.path, from)} → <repo>/${to}` });
    return settleStep(ctx, 'repo', { key: 'unknown', components: {} }, started, { status: 'would-run', output: join(ctx.store.root, 'entries', 'repo', '<key>', 'out'), reasons, waited: false });
  }
  const { key, configsDir, backend, hostPaths } = await repositoryInputs(ctx, serveStep, engineDir, source);
  const reasons = explainKey(await readManifest(ctx.stateDir, 'repo'), key);
  const settle = (fields: Parameters<typeof settleStep>[4]): Promise<StepOutcome> => settleStep(ctx, 'repo', key, started, fields);
  const { entry: existing, damage } = await reusableEntry(ctx, 'repo', key.key, validateRepository);
  if (existing) return settle({ status: ctx.dryRun ? 'would-reuse' : 'reused', entry: existing, output: existing.out, reasons, waited: false, ...(await pushIfUnrecorded(ctx, 'repo', key.key, existing)) });
  if (damage) reasons.push(DAMAGED_REASON);
  ctx.emit({ type: 'step-start', step: 'repo', key: key.key, reasons });
  if (ctx.dryRun) {
    for (const { from, to } of assemble.copy) ctx.emit({ type: 'notice', step: 'repo', message: `copy ${join(backend.path, from)} → <repo>/${to}` });
    return settle({ status: 'would-run', output: join(ctx.store.entryDir('repo', key.key), 'out'), reasons, waited: false });
  }
  return withLock(ctx.store.lockPath('repo', key.key), { staleMs: ctx.lockStaleMs, what: 'assemble', signal: ctx.signal, onReport: (message) => ctx.emit({ type: 'notice', step: 'repo', message }) }, async () => {
    const { entry: raced, damaged } = await reusableOrQuarantined(ctx, 'repo', key.key, validateRepository);
    if (raced) return settle({ status: 'reused', entry: raced, output: raced.out, reasons, waited: true });
    if (damaged && !reasons.includes(DAMAGED_REASON)) reasons.push(DAMAGED_REASON);
    // A local miss: the registry may hold it (verified file by file, empty version dirs recreated).
    const pulled = await pullFromRemote(ctx, 'repo', key.key, validateRepository);
    if (pulled) return settle({ status: 'pulled', entry: pulled.entry, output: pulled.entry.out, reasons, waited: false, remote: pulled.remote, ...(damaged ? { damaged } : {}) });
    const temp = await ctx.store.createTemp('repo', key.key);
    try {
      await cp(configsDir, temp.out, { recursive: true });
      for (const { from, to } of assemble.copy) await cp(join(backend.path, from), join(temp.out, to), { recursive: true });
      for (const dir of assemble.mkdir) await mkdir(join(temp.out, dir), { recursive: true });
      if (hostPaths) await rewriteConfigPaths(temp.out, hostPaths);
      const entry = await ctx.store.commit(temp, { model: ctx.plan.model, components: key.components }, ctx.signal);
      const remote = await pushToRemote(ctx, entry);
      return await settle({ status: 'built', entry, output: entry.out, reasons, waited: false, ...(damaged ? { damaged } : {}), ...(remote ? { remote } : {}) });
    } finally {
      await ctx.store.discard(temp);
    }
  });
}

/** The reuse check's output validator of a model repository entry (as for convert/build: a complete output). */
export async function validateRepository(out: string): Promise<string | undefined> {
  return (await readdir(out)).length === 0 ? 'empty repository' : undefined;
}

/** Checks the assembled repository against what the serve step mounts; throws one RunnerError listing every problem. */
export async function verifyRepository(ctx: RunContext, serveStep: ServeStep, repo: string, engineDir: string): Promise<void> {
  const seen = (kind: 'build' | 'tokenizerDir'): string[] => {
    const targets = serveStep.mounts
      .filter((m) => (kind === 'build' ? m.source.kind === 'step' && m.source.step === 'build' : m.source.kind === 'input' && m.source.name === 'tokenizerDir'))
      .map((m) => m.target);
    if (!ctx.runtime.runsOnHost) return targets;
    return kind === 'build' ? [engineDir] : [ctx.inputs.tokenizerDir];
  };
  const problems = await checkRepository(repo, serveStep, { engine: seen('build'), tokenizer: seen('tokenizerDir') });
  if (problems.length > 0) {
    throw new RunnerError('repo-invalid', `the assembled model repository would not load (${problems.length} problem${problems.length > 1 ? 's' : ''})`, {
      details: problems.map((p) => `  ${relative(ctx.root, repo) || repo}/${p}`),
      hint: 'this is a compiler/plan mismatch: recompile, and report it if it persists',
    });
  }
}
