import type { LintRule } from './rule.js';
import { instancesCoverBatch, inflightNeedsPagedKv, queueCoversBatch, tritonBatchWithinEngine } from './rules/batching.js';
import { nameMatchesFolder } from './rules/identity.js';
import { contextBudgetAgrees, prefixCachingAgrees, streamingAgreesWithDecoupled } from './rules/intents.js';
import { reuseNeedsPagedContextFmha } from './rules/kv-cache.js';
import { seqLongerThanInput } from './rules/lengths.js';
import { promptEcho } from './rules/output.js';
import { worldSizeMatchesGpus } from './rules/parallelism.js';
import { imageMatchesBackend } from './rules/versions.js';

/** Every rule, in id order. docs/lints.md is generated from this list. */
export const RULES: readonly LintRule[] = [
  nameMatchesFolder,
  seqLongerThanInput,
  instancesCoverBatch,
  inflightNeedsPagedKv,
  reuseNeedsPagedContextFmha,
  tritonBatchWithinEngine,
  worldSizeMatchesGpus,
  streamingAgreesWithDecoupled,
  prefixCachingAgrees,
  contextBudgetAgrees,
  promptEcho,
  queueCoversBatch,
  imageMatchesBackend,
].slice().sort((a, b) => a.id.localeCompare(b.id));
