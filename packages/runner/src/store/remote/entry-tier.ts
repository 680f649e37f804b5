import type { StoreEntry } from '../store.js';

/** A remote entry found by tag: its manifest digest (what a Kubernetes pod pins) and size. */
export interface RemoteEntry {
  step: string;
  key: string;
  reference: string;
  digest: string;
  bytes: number;
  files: number;
}

export interface TransferResult extends RemoteEntry {
  durationMs: number;
  /** Bytes that crossed the wire (a push of blobs the registry had already sends none). */
  transferredBytes: number;
  blobs?: { present: number; mounted: number; uploaded: number; resumedBytes: number };
  /** Pull: bytes of partial downloads left by an interrupted pull that were continued instead of fetched again. */
  resumedBytes?: number;
}

export interface TransferOptions {
  signal?: AbortSignal;
  onBytes?: (n: number) => void;
  /** Push: the values the secret scan looks for besides the credential shapes (a run's ctx.secrets()); default: the host's secret-looking env. */
  secrets?: readonly string[];
}

/**
 * A second tier of the store (design review, refactoring #4): what the steps need from a remote,
 * whatever protocol is behind it. `lookup` never changes anything; `pull` commits into the local
 * store only what it verified; `push` takes a committed, digested entry.
 */
export interface EntryTier {
  describe(): string;
  lookup(step: string, key: string, signal?: AbortSignal): Promise<{ entry: RemoteEntry } | undefined>;
  pull(step: string, key: string, options?: TransferOptions): Promise<{ entry: StoreEntry; result: TransferResult } | undefined>;
  push(entry: StoreEntry, options?: TransferOptions): Promise<TransferResult>;
}
