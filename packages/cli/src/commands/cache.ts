import { join } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import type { RunContext, StepKey } from '@trtforge/runner';
import { runner } from '../runner.js';
import { addRunOptions, flagsOf, type RunFlags } from './run/options.js';
import { print } from './run/output.js';
import { runSession } from './run/session.js';

type Action = 'push' | 'pull' | 'ls';
type CachedStep = 'convert' | 'build' | 'repo';

/** The command that produces a step's entry: the model repository is assembled by serve. */
const verb = (step: CachedStep): string => (step === 'repo' ? 'serve' : step);
/** The model repository exists only where the model was served: its absence is said, never a failure of push or pull. */
const optional = (step: CachedStep): boolean => step === 'repo';

const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

type KeyRow = { step: CachedStep; key?: StepKey; problem?: string };

/**
 * The model's current keys on this host (the build key needs the GPU's compute capability: without
 * a GPU it is said, not guessed), and the model repository's when the selected serve mode mounts one.
 */
async function currentKeys(ctx: RunContext): Promise<KeyRow[]> {
  const { convertKey, buildKey, isRunnerError } = runner();
  const convert = await convertKey(ctx);
  let build: StepKey;
  try {
    build = await buildKey(ctx, convert.key);
  } catch (error) {
    if (!isRunnerError(error)) throw error;
    return [{ step: 'convert', key: convert }, { step: 'build', problem: error.message }, ...(servesRepository(ctx) ? [{ step: 'repo' as const, problem: 'needs the build key' }] : [])];
  }
  return [{ step: 'convert', key: convert }, { step: 'build', key: build }, ...(await repositoryRow(ctx, build))];
}

function servesRepository(ctx: RunContext): boolean {
  return runner().selectServeStep(ctx).mounts.some((m) => m.source.kind === 'modelRepo');
}

/** The model repository's key (it names the engine's path for the `local` runtime: the build entry's place in this store). */
async function repositoryRow(ctx: RunContext, build: StepKey): Promise<KeyRow[]> {
  if (!servesRepository(ctx)) return [];
  const found = await runner().repositoryKey(ctx, runner().selectServeStep(ctx), join(ctx.store.entryDir('build', build.key), 'out'));
  return ['key' in found ? { step: 'repo', key: found.key } : { step: 'repo', problem: found.problem }];
}

async function run(ctx: RunContext, action: Action): Promise<void> {
  const { RunnerError, describeTransfer, checkpointValidator, engineValidator, validateRepository } = runner();
  const remote = ctx.remote;
  if (!remote) throw new RunnerError('no-remote', 'no remote store configured on this host', { hint: 'set TRTFORGE_REMOTE_CACHE=oci://<registry>/<repository> (e.g. oci://127.0.0.1:5000/trtforge/entries)' });
  print(pc.bold(`trtforge cache ${action} ${ctx.plan.model} (${remote.describe()})`));
  const validators = {
    convert: checkpointValidator(ctx.plan.parallelism.worldSize),
    build: engineValidator(ctx.plan.parallelism.worldSize),
    repo: validateRepository,
  };
  let missing = 0;
  for (const { step, key, problem } of await currentKeys(ctx)) {
    const head = `  ${step.padEnd(8)}`;
    if (!key) {
      print(`${head} key ?             ${problem}`);
      missing += action === 'ls' || optional(step) ? 0 : 1;
      continue;
    }
    const short = `key ${key.key.slice(0, 12)}`;
    const local = await ctx.store.find(step, key.key, validators[step]);
    if (action === 'ls') {
      const found = await remote.lookup(step, key.key, ctx.signal);
      const there = found ? `${found.entry.reference} (${mib(found.entry.bytes)}, ${found.entry.files} files)` : 'not in the registry';
      print(`${head} ${short}  local: ${local ? 'yes' : 'no '}  remote: ${there}`);
    } else if (action === 'push') {
      if (!local) {
        print(`${head} ${short}  not in the local store: nothing to push (run \`trtforge ${verb(step)} ${ctx.plan.model}\` first)`);
        missing += optional(step) ? 0 : 1;
        continue;
      }
      // Never push bytes that no longer match their digests (the registry would refuse the blob anyway).
      const check = await ctx.store.verifyContent(local, { trustMemo: true, ...(ctx.signal ? { signal: ctx.signal } : {}) });
      if (check.damage.length > 0) throw new RunnerError('damaged', `store entry ${step} ${key.key.slice(0, 12)} is damaged: ${runner().formatDamage(check.damage[0]!)}`, { hint: `\`trtforge ${verb(step)} ${ctx.plan.model}\` moves it aside and produces it again` });
      const r = await remote.push(local, { secrets: ctx.secrets(), ...(ctx.signal ? { signal: ctx.signal } : {}) });
      const b = r.blobs!;
      print(`${head} ${short}  pushed ${r.reference}`);
      print(`           ${r.files} files, ${describeTransfer(r.transferredBytes, r.durationMs)}; blobs: ${b.uploaded} uploaded, ${b.mounted} mounted, ${b.present} already there${b.resumedBytes > 0 ? `, ${mib(b.resumedBytes)} resumed` : ''}`);
    } else {
      if (local) {
        print(`${head} ${short}  already in the local store`);
        continue;
      }
      const pulled = await runner().pullStepEntry(ctx, step, key.key);
      if (!pulled?.result) {
        print(`${head} ${short}  ${pulled ? 'in the local store (put there meanwhile)' : 'not in the registry'}`);
        missing += pulled || optional(step) ? 0 : 1;
        continue;
      }
      // This checkout now stands on the pulled entry, as after a run's pull: its manifest names the key (what deploy pins) and the digest.
      const r = pulled.result;
      await runner().recordOutcome(ctx, step, key, pulled.entry, 'pulled', { status: 'pulled', reference: r.reference, digest: r.digest, bytes: r.bytes, transferredBytes: r.transferredBytes, durationMs: r.durationMs });
      print(`${head} ${short}  pulled ${pulled.result.reference}`);
      print(`           ${pulled.result.files} files, ${describeTransfer(pulled.result.transferredBytes, pulled.result.durationMs)}, every file verified`);
    }
  }
  if (missing > 0) throw new RunnerError('cache-incomplete', `${missing} entr${missing === 1 ? 'y' : 'ies'} of ${ctx.plan.model} could not be ${action === 'push' ? 'pushed' : 'pulled'}`);
}

/**
 * `trtforge cache push|pull|ls <model>`: the model's entries for this host's current keys,
 * between the local store and the remote one (TRTFORGE_REMOTE_CACHE). convert/build do the same
 * on their own (pull before running, push after building); this is for explicit use — seeding a
 * registry from a build host, warming a node, or seeing what is where.
 */
export function registerCache(program: Command): void {
  const cache = program.command('cache').description('move a model\'s store entries to or from the OCI registry in TRTFORGE_REMOTE_CACHE');
  for (const [action, description] of [
    ['push', 'push the local entries of the model (checkpoint, engine, model repository) to the registry'],
    ['pull', 'pull the model\'s entries for this host\'s keys from the registry, each file verified'],
    ['ls', 'show the model\'s current keys and where each entry is: local store, registry (with its digest)'],
  ] as const) {
    const command = cache.command(action).description(description).argument('<model>', 'model name (generated/<model>/plan.json)');
    addRunOptions(command, { dryRun: false, push: false }).action(async (model: string) => {
      const flags = flagsOf<RunFlags>(command);
      await runSession(command, model, flags, { verb: `cache ${action}`, needsGpu: () => false, preflight: false }, async ({ ctx }) => run(ctx, action));
    });
  }
}
