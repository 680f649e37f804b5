import type { RunContext } from '../context.js';
import { readManifest } from '../store/manifest.js';
import { withLock } from '../store/lock.js';
import type { TransferResult } from '../store/remote/oci-tier.js';
import { isRunnerError } from '../errors.js';
import type { StoreEntry, OutputValidator } from '../store/store.js';
import type { StepOutcome } from './outcome.js';

type RemoteOutcome = NonNullable<StepOutcome['remote']>;

const size = (bytes: number): string =>
  bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GiB` : bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} bytes`;

/** "2.00 GiB in 4.1 s (500 MiB/s)": what a transfer line says. */
export function describeTransfer(bytes: number, ms: number): string {
  const rate = ms > 0 ? ` (${size(Math.round((bytes * 1000) / ms))}/s)` : '';
  return `${size(bytes)} in ${ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`}${rate}`;
}

/**
 * After a local miss, under the key's lock: the entry from the remote tier, pulled, verified file
 * by file and committed — or undefined, and the step is produced here. A registry that is down,
 * refuses the login or serves damaged bytes never fails the run: it is said (one notice) and the
 * step runs locally, as without a remote.
 */
export async function pullFromRemote(ctx: RunContext, id: StepOutcome['step'], key: string, validate: OutputValidator): Promise<{ entry: StoreEntry; remote: RemoteOutcome } | undefined> {
  if (!ctx.remote || ctx.dryRun) return undefined;
  // A pull killed mid-transfer left its temp dir (never an entry): gone before this one starts.
  await ctx.store.cleanStaleTemps(ctx.lockStaleMs);
  try {
    const pulled = await ctx.remote.pull(id, key, ctx.signal ? { signal: ctx.signal } : {});
    if (!pulled) return undefined;
    const problem = await validate(pulled.entry.out);
    if (problem !== undefined) {
      await ctx.store.quarantine(id, key, [{ file: 'out/', expected: `a complete ${id} output`, actual: problem }]);
      ctx.emit({ type: 'notice', step: id, message: `the ${id} entry pulled from ${ctx.remote.describe()} is incomplete (${problem}); moved aside, producing it here` });
      return undefined;
    }
    const r = pulled.result;
    ctx.emit({ type: 'notice', step: id, message: `pulled ${r.reference}: ${r.files} files, ${describeTransfer(r.transferredBytes, r.durationMs)}${r.resumedBytes ? ` (+${size(r.resumedBytes)} kept from an interrupted pull)` : ''}` });
    return { entry: pulled.entry, remote: { status: 'pulled', reference: r.reference, digest: r.digest, bytes: r.bytes, transferredBytes: r.transferredBytes, durationMs: r.durationMs } };
  } catch (error) {
    if (ctx.signal?.aborted || !isRunnerError(error)) throw error;
    const refused = error.code === 'remote-damaged' ? 'refused the remote entry' : 'remote store unavailable';
    ctx.emit({ type: 'notice', step: id, message: `${refused}: ${error.message}; producing it here` });
    return undefined;
  }
}

/** After a local build: push it (unless --no-push). A failed push is reported, never fails the build it follows. */
export async function pushToRemote(ctx: RunContext, entry: StoreEntry): Promise<RemoteOutcome | undefined> {
  if (!ctx.remote || ctx.noPush) return undefined;
  try {
    const r = await ctx.remote.push(entry, { secrets: ctx.secrets(), ...(ctx.signal ? { signal: ctx.signal } : {}) });
    ctx.emit({ type: 'notice', step: entry.step as StepOutcome['step'], message: `pushed ${r.reference}: ${r.files} files, ${describeTransfer(r.transferredBytes, r.durationMs)}` });
    return { status: 'pushed', reference: r.reference, digest: r.digest, bytes: r.bytes, transferredBytes: r.transferredBytes, durationMs: r.durationMs };
  } catch (error) {
    if (ctx.signal?.aborted || !isRunnerError(error)) throw error;
    // A refusal (a file that looks like it holds a secret) is said as such: nothing was sent.
    const said = error.code === 'remote-secret' ? `${error.message} (not pushed to ${ctx.remote.describe()})` : `push to ${ctx.remote.describe()} failed: ${error.message}`;
    ctx.emit({ type: 'notice', step: entry.step as StepOutcome['step'], message: said });
    return { status: 'push-failed', reference: ctx.remote.describe(), bytes: 0, transferredBytes: 0, durationMs: 0, error: error.message };
  }
}

/**
 * A local hit that this checkout never saw reach the remote (no digest in its manifest for this
 * key — the push after the build was interrupted, or the entry came from another checkout on the
 * host): pushed now, which costs a HEAD per blob when the registry has them already.
 */
export async function pushIfUnrecorded(ctx: RunContext, id: StepOutcome['step'], key: string, entry: StoreEntry): Promise<{ remote?: RemoteOutcome }> {
  if (!ctx.remote || ctx.noPush || ctx.dryRun) return {};
  const manifest = await readManifest(ctx.stateDir, id);
  if (manifest?.key === key && manifest.remote) return {};
  const remote = await pushToRemote(ctx, entry);
  return remote ? { remote } : {};
}

/**
 * `trtforge cache pull`: (step, key) from the remote tier under the key's lock, like a run's pull
 * (a concurrent build or pull of the same key is waited for, not raced). `local` when the store
 * has it already; undefined when the registry does not.
 */
export async function pullStepEntry(ctx: RunContext, step: StepOutcome['step'], key: string): Promise<{ entry: StoreEntry; result?: TransferResult } | undefined> {
  if (!ctx.remote) return undefined;
  const remote = ctx.remote;
  return withLock(ctx.store.lockPath(step, key), { staleMs: ctx.lockStaleMs, what: step, ...(ctx.signal ? { signal: ctx.signal } : {}) }, async () => {
    const present = await ctx.store.find(step, key);
    if (present) return { entry: present };
    await ctx.store.cleanStaleTemps(ctx.lockStaleMs);
    return remote.pull(step, key, ctx.signal ? { signal: ctx.signal } : {});
  });
}
