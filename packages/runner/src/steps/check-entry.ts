import type { RunContext } from '../context.js';
import type { StepId } from '../events.js';
import { formatDamage, type Damage } from '../store/integrity.js';
import { withLock } from '../store/lock.js';
import type { OutputValidator, QuarantinedEntry, StoreEntry } from '../store/store.js';
import type { StepOutcome } from './outcome.js';

type EntryStep = StepOutcome['step'];

/** The reason a step runs again when its entry was damaged (the damage itself is in `outcome.damaged`). */
export const DAMAGED_REASON = 'the store entry was damaged (moved to quarantine)';

/** One notice per damaged file, then where the entry went: the user sees file, expected and actual. */
function report(ctx: RunContext, step: EntryStep, key: string, damage: Damage[], moved: QuarantinedEntry | undefined): void {
  const id: StepId = step;
  for (const d of damage) ctx.emit({ type: 'notice', step: id, message: `store entry ${step} ${key.slice(0, 12)} is damaged: ${formatDamage(d)}` });
  if (moved) ctx.emit({ type: 'notice', step: id, message: `moved it to ${moved.dir}; producing it again` });
}

/** The reuse check (file list and sizes, no hashing) outside the lock: an entry to reuse, or the damage that makes the step run. */
export async function reusableEntry(ctx: RunContext, step: EntryStep, key: string, validate?: OutputValidator): Promise<{ entry?: StoreEntry; damage?: Damage[] }> {
  const found = await ctx.store.lookup(step, key, validate);
  if (found.state === 'ok') return { entry: found.entry };
  return found.state === 'damaged' ? { damage: found.damage } : {};
}

/**
 * The same check under the key's lock (a concurrent run may have rebuilt the entry meanwhile):
 * a damaged entry is quarantined and reported, so the caller produces it again.
 */
export async function reusableOrQuarantined(
  ctx: RunContext,
  step: EntryStep,
  key: string,
  validate?: OutputValidator,
): Promise<{ entry?: StoreEntry; damaged?: NonNullable<StepOutcome['damaged']> }> {
  const found = await ctx.store.lookup(step, key, validate);
  if (found.state === 'ok') return { entry: found.entry };
  if (found.state === 'missing') return {};
  const moved = await ctx.store.quarantine(step, key, found.damage);
  report(ctx, step, key, found.damage, moved);
  return { damaged: { damage: found.damage, ...(moved ? { quarantinedTo: moved.dir } : {}) } };
}

/**
 * Before a process reads a store entry — the server the engine and the model repository, a build
 * the checkpoint — its files are hashed against the digests recorded at commit, memoised by
 * (inode, size, mtime, ctime): a stat per file unless something wrote to it since it last
 * matched (see packages/runner/README.md, "Integrity"). A damaged entry is quarantined under the
 * key's lock and produced again by `redo`, in this run; nothing reads the damaged bytes.
 */
export async function intactOutcome(ctx: RunContext, outcome: StepOutcome, redo: () => Promise<StepOutcome>): Promise<StepOutcome> {
  if (ctx.dryRun || !outcome.entry) return outcome;
  const first = await ctx.store.verifyContent(outcome.entry, { trustMemo: true, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  if (first.damage.length === 0) return outcome;
  const { step, key } = outcome;
  const damaged = await withLock(ctx.store.lockPath(step, key), { staleMs: ctx.lockStaleMs, what: step, ...(ctx.signal ? { signal: ctx.signal } : {}) }, async () => {
    // Another run may have moved it aside and committed a fresh entry meanwhile: judge what is there now.
    const current = await ctx.store.lookup(step, key);
    if (current.state === 'missing') return undefined;
    const damage = current.state === 'damaged' ? current.damage : (await ctx.store.verifyContent(current.entry, { trustMemo: true })).damage;
    if (damage.length === 0) return undefined;
    const moved = await ctx.store.quarantine(step, key, damage);
    report(ctx, step, key, damage, moved);
    return { damage, ...(moved ? { quarantinedTo: moved.dir } : {}) };
  });
  ctx.outcomes.delete(step);
  const again = await redo();
  if (damaged) {
    again.damaged = damaged;
    if (!again.reasons.includes(DAMAGED_REASON)) again.reasons.push(DAMAGED_REASON);
  }
  return again;
}
