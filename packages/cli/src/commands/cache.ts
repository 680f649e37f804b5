import type { Command } from 'commander';
import pc from 'picocolors';
import type { RunContext, StepKey } from '@trtforge/runner';
import { runner } from '../runner.js';
import { addRunOptions, flagsOf, type RunFlags } from './run/options.js';
import { print } from './run/output.js';
import { runSession } from './run/session.js';

type Action = 'push' | 'pull' | 'ls';
type CachedStep = 'convert' | 'build';

const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

/** The model's current keys on this host (the build key needs the GPU's compute capability: without a GPU it is said, not guessed). */
async function currentKeys(ctx: RunContext): Promise<Array<{ step: CachedStep; key?: StepKey; problem?: string }>> {
  const { convertKey, buildKey, isRunnerError } = runner();
  const convert = await convertKey(ctx);
  try {
    return [{ step: 'convert', key: convert }, { step: 'build', key: await buildKey(ctx, convert.key) }];
  } catch (error) {
    if (!isRunnerError(error)) throw error;
    return [{ step: 'convert', key: convert }, { step: 'build', problem: error.message }];
  }
}

async function run(ctx: RunContext, action: Action): Promise<void> {
  const { RunnerError, describeTransfer, checkpointValidator, engineValidator } = runner();
  const remote = ctx.remote;
  if (!remote) throw new RunnerError('no-remote', 'no remote store configured on this host', { hint: 'set TRTFORGE_REMOTE_CACHE=oci://<registry>/<repository> (e.g. oci://127.0.0.1:5000/trtforge/entries)' });
  print(pc.bold(`trtforge cache ${action} ${ctx.plan.model} (${remote.describe()})`));
  const validators = { convert: checkpointValidator(ctx.plan.parallelism.worldSize), build: engineValidator(ctx.plan.parallelism.worldSize) };
  let missing = 0;
  for (const { step, key, problem } of await currentKeys(ctx)) {
    const head = `  ${step.padEnd(8)}`;
    if (!key) {
      print(`${head} key ?             ${problem}`);
      missing += action === 'ls' ? 0 : 1;
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
        print(`${head} ${short}  not in the local store: nothing to push (run \`trtforge ${step} ${ctx.plan.model}\` first)`);
        missing += 1;
        continue;
      }
      // Never push bytes that no longer match their digests (the registry would refuse the blob anyway).
      const check = await ctx.store.verifyContent(local, { trustMemo: true, ...(ctx.signal ? { signal: ctx.signal } : {}) });
      if (check.damage.length > 0) throw new RunnerError('damaged', `store entry ${step} ${key.key.slice(0, 12)} is damaged: ${runner().formatDamage(check.damage[0]!)}`, { hint: `\`trtforge ${step} ${ctx.plan.model}\` moves it aside and produces it again` });
      const r = await remote.push(local, ctx.signal ? { signal: ctx.signal } : {});
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
        missing += pulled ? 0 : 1;
        continue;
      }
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
    ['push', 'push the local entries of the model (checkpoint, engine) to the registry'],
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
