import { hostname } from 'node:os';
import { join } from 'node:path';
import { RunnerError } from '../errors.js';
import { describeHolder, withLock, type LockRecord } from './lock.js';
import type { Store } from './store.js';

export interface GpuLockOptions {
  store: Store;
  /** Host GPU ids of the step, as the plan resolved them (`parallelism.gpuIds`). */
  gpus: number[] | 'none';
  /** `wait` for the GPUs (convert, build), or `fail` at once naming the holder (serve). */
  mode: 'wait' | 'fail';
  /** For the record and messages: "build qwen2.5-0.5b". */
  what: string;
  staleMs: number;
  signal?: AbortSignal;
  onReport?: (message: string) => void;
  /** See LockOptions.onDeadOwner: a dead holder's tools must be gone before the GPU is used again. */
  onDeadOwner?: (owner: LockRecord) => Promise<void>;
}

/**
 * `<store>/locks/gpu/<host>-<id>`: one lock per GPU id and host. In the store because the store is
 * what the runs of one checkout (an unfiltered `turbo run build`) share; the host is part of the
 * name because a store on NFS is shared by hosts that each have a GPU 0. Runs with different stores
 * ($TRTFORGE_STORE) do not see each other's GPU locks.
 */
export function gpuLockPath(store: Store, id: number): string {
  return join(store.root, 'locks', 'gpu', `${hostname().replace(/[^A-Za-z0-9_.-]/g, '_')}-${id}`);
}

/**
 * Runs `fn` holding the locks of all of the step's GPUs, taken in ascending id order (two steps
 * wanting GPUs {0,1} and {1,0} cannot deadlock). Steps on the same GPU of one host thus run one
 * at a time: a build waits, saying who holds the GPU; a server fails at once naming the holder
 * (it would run for hours; better to say so than to hang).
 */
export async function withGpuLock<T>(options: GpuLockOptions, fn: () => Promise<T>): Promise<T> {
  const ids = options.gpus === 'none' ? [] : [...new Set(options.gpus)].sort((a, b) => a - b);
  const take = async (index: number): Promise<T> => {
    if (index === ids.length) return fn();
    const id = ids[index]!;
    return withLock(
      gpuLockPath(options.store, id),
      {
        staleMs: options.staleMs,
        what: `GPU ${id} for ${options.what}`,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onReport ? { onReport: options.onReport } : {}),
        ...(options.onDeadOwner ? { onDeadOwner: options.onDeadOwner } : {}),
        ...(options.mode === 'fail'
          ? {
              failFast: (holder, lockFile) =>
                new RunnerError('gpu-busy', `GPU ${id} is in use by ${holder ? describeHolder(holder) : `another run (lock ${lockFile})`}`, {
                  hint: 'stop that run first, or give this model other GPUs (parallelism.gpuIds in its spec)',
                }),
            }
          : {}),
      },
      () => take(index + 1),
    );
  };
  return take(0);
}
