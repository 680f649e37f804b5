import type { Damage } from '../store/integrity.js';
import type { StoreEntry } from '../store/store.js';

/**
 * What happened to one cached step in this run.
 *  built:       executed, verified and stored
 *  reused:      a store entry with this exact key already existed (possibly built by a concurrent run we waited for)
 *  pulled:      fetched from the remote tier (TRTFORGE_REMOTE_CACHE), verified file by file, committed
 *  would-run / would-reuse: dry-run answers
 */
export interface StepOutcome {
  step: 'convert' | 'build' | 'repo';
  status: 'built' | 'reused' | 'pulled' | 'would-run' | 'would-reuse';
  key: string;
  components: Record<string, unknown>;
  /** Why the step ran, or what changed since the manifest although a store entry matched. */
  reasons: string[];
  /** Absent only in dry-run for steps that would run. */
  entry?: StoreEntry;
  /** Where the output is (store entry out dir; in dry-run the path it would have). */
  output: string;
  logPath?: string;
  durationMs: number;
  /** True when another process held the lock and we waited for its result. */
  waited: boolean;
  /** Set when the step ran again because its store entry was damaged: what was wrong and where the entry was moved. */
  damaged?: { damage: Damage[]; quarantinedTo?: string };
  /** What the remote tier did for this step: pulled the entry, pushed it after the build, or failed to push. */
  remote?: { status: 'pulled' | 'pushed' | 'push-failed'; reference: string; digest?: string; bytes: number; transferredBytes: number; durationMs: number; error?: string };
}
