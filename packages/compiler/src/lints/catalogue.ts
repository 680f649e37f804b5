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
import { tritonDeviceIdsAreHostIds, tritonDeviceIdsMatchWorld, worldSizeMatchesGpus } from './rules/parallelism.js';
import { draftModelNeedsDraftEngine, draftModelWithoutStreaming } from './rules/speculative.js';
import { accumulateNeedsStreaming } from './rules/streaming.js';
import { tokenizerMatchesFamily } from './rules/tokenizer.js';
import { trtllmServeDropsSettings } from './rules/trtllm-serve.js';
import { imageMatchesBackend } from './rules/versions.js';
import { fieldInRelease } from './rules/release-availability.js';
import { accumulateTokensSingleBeam } from './rules/accumulate-beams.js';
import { architectureOnlyFlags, builderOverridesFlags } from './rules/architecture-flags.js';
import { contextLogitsWithoutDraftTokens, multipleProfilesWithoutOptTokens } from './rules/build-flag-conflicts.js';
import { fp8ContextFmhaNeedsFp8, swigluNeedsFusedMlp } from './rules/fp8-kernels.js';
import { optionLikeValues } from './rules/hardening/option-like-values.js';
import { hubIdNotHostDir } from './rules/hub-id-model-dir.js';
import { kubernetesNeedsHubRepo, kubernetesServeMode, objectNameFits, serviceBeyondCluster, unpinnedLauncherImage, worldSplitsIntoNodes } from './rules/kubernetes.js';
import { loraSettingsNeedPlugin } from './rules/lora-plugin.js';
import { wildcardHostNeedsConfirmation } from './rules/network-exposure.js';
import { distinctGpusAcrossSpecs, distinctPortsAcrossSpecs } from './rules/repository-clashes.js';
import { distinctServePorts } from './rules/serve-ports.js';
import { kvBlockTableFitsInt32, tokensPerBlockPowerOfTwo, valuesWithinStackLimits } from './rules/value-limits.js';
import { weightOnlySettingsNeedWeightOnly } from './rules/weight-only.js';
import { converterSplitsParallelism, converterTakesSpec } from './rules/converter.js';
import { calibrationDatasetIsDirectory, quantizationReplacesConvert, quantizationSupported, quantizeIgnoresSettings } from './rules/quantization.js';
import { workspaceMatchesFolder } from './rules/workspace-identity.js';
import { hubRepoNotConverted } from './rules/unconverted-model.js';

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
  // Limits, combinations, resources, workspace and exposure (issue 9, classes 1–3, 5, 6).
  valuesWithinStackLimits, tokensPerBlockPowerOfTwo, kvBlockTableFitsInt32, tritonDeviceIdsAreHostIds,
  distinctServePorts, distinctPortsAcrossSpecs, distinctGpusAcrossSpecs, fp8ContextFmhaNeedsFp8, swigluNeedsFusedMlp,
  loraSettingsNeedPlugin, weightOnlySettingsNeedWeightOnly, accumulateTokensSingleBeam, multipleProfilesWithoutOptTokens,
  contextLogitsWithoutDraftTokens, architectureOnlyFlags, builderOverridesFlags, workspaceMatchesFolder, hubIdNotHostDir,
  wildcardHostNeedsConfirmation,
  // Model families (issue 10 part 2).
  converterTakesSpec, converterSplitsParallelism, hubRepoNotConverted,
  // Quantization (issue 10 part 3).
  quantizationSupported, quantizationReplacesConvert, calibrationDatasetIsDirectory, quantizeIgnoresSettings,
  // Releases (issue 10 part 1).
  fieldInRelease,
  // Kubernetes manifests (issue 11).
  worldSplitsIntoNodes, kubernetesServeMode, kubernetesNeedsHubRepo, serviceBeyondCluster, objectNameFits, unpinnedLauncherImage,
  // Hardening (TRT2xx): unsafe values, never silenceable.
  stringLength, invisibleCharacters, metacharacters, hostPaths, containerPaths, distinctMounts, credentialInSpec,
  secretEnvValueInSpec, optionLikeValues,
].slice().sort((a, b) => a.id.localeCompare(b.id));
