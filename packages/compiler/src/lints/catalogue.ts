import type { LintRule } from './rule.js';
import { benchWithinEngine, benchWithinQueue } from './rules/bench.js';
import { instancesCoverBatch, inflightNeedsPagedKv, queueCoversBatch, tritonBatchWithinEngine } from './rules/batching.js';
import { contextLogitsMemory, decodingModeMatchesEngine, logitsDatatypeMatchesEngine, runtimeBeamWithinBuild } from './rules/decoding.js';
import { containerPaths, distinctMounts } from './rules/hardening/container-paths.js';
import { hostPaths } from './rules/hardening/host-paths.js';
import { credentialInSpec, secretEnvValueInSpec } from './rules/hardening/secrets.js';
import { invisibleCharacters, metacharacters, stringLength } from './rules/hardening/strings.js';
import { nameMatchesFolder } from './rules/identity.js';
import { contextBudgetAgrees, prefixCachingAgrees, streamingAgreesWithDecoupled } from './rules/intents.js';
import { chunkedContextNeedsPagedFmha, trtllmServeReuseImplicit, pagedContextFmhaExclusions, reuseNeedsPagedContextFmha } from './rules/kv-cache.js';
import { builderOverridesTokens, numTokensCoverPrompt, numTokensMultipleOfBlock, seqLongerThanInput } from './rules/lengths.js';
import { kvFractionHeadroom, kvFractionSharedWithDraft, kvTokensHoldOneSequence, noEvictConcurrency } from './rules/memory.js';
import { openaiFrontendEcho, promptEcho } from './rules/output.js';
import { tritonDeviceIdsMatchWorld, worldSizeMatchesGpus } from './rules/parallelism.js';
import { draftModelNeedsDraftEngine, draftModelWithoutStreaming } from './rules/speculative.js';
import { accumulateNeedsStreaming } from './rules/streaming.js';
import { tokenizerMatchesFamily } from './rules/tokenizer.js';
import { trtllmServeDropsSettings } from './rules/trtllm-serve.js';
import { imageMatchesBackend } from './rules/versions.js';

/** Every rule, in id order. docs/lints.md is generated from this list (packages/compiler/scripts/generate-lint-docs.mjs). */
export const RULES: readonly LintRule[] = [
  nameMatchesFolder,
  // Deployment traps (TRT1xx).
  seqLongerThanInput, instancesCoverBatch, inflightNeedsPagedKv, reuseNeedsPagedContextFmha, tritonBatchWithinEngine,
  worldSizeMatchesGpus, streamingAgreesWithDecoupled, prefixCachingAgrees, contextBudgetAgrees, promptEcho,
  openaiFrontendEcho, queueCoversBatch, tokenizerMatchesFamily, imageMatchesBackend, numTokensMultipleOfBlock,
  numTokensCoverPrompt, builderOverridesTokens, runtimeBeamWithinBuild, decodingModeMatchesEngine,
  chunkedContextNeedsPagedFmha, pagedContextFmhaExclusions, trtllmServeReuseImplicit, kvFractionHeadroom,
  kvFractionSharedWithDraft, kvTokensHoldOneSequence, noEvictConcurrency, tritonDeviceIdsMatchWorld,
  logitsDatatypeMatchesEngine, contextLogitsMemory, draftModelNeedsDraftEngine, draftModelWithoutStreaming,
  accumulateNeedsStreaming, trtllmServeDropsSettings, benchWithinQueue, benchWithinEngine,
  // Hardening (TRT2xx): unsafe values, never silenceable.
  stringLength, invisibleCharacters, metacharacters, hostPaths, containerPaths, distinctMounts, credentialInSpec,
  secretEnvValueInSpec,
].slice().sort((a, b) => a.id.localeCompare(b.id));
