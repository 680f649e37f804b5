import type { BackendVersion } from '@trtforge/spec';
import type { Provenance } from './release-catalogue.js';
import { readOptionalDataJson } from './release-files.js';

/** A model type whose family has a converter, but not one of this release that takes it (Qwen3). */
export interface NotConvertedModelType {
  /** The model's name as people say it ("Qwen3"). */
  model: string;
  family: string;
  architectures: string[];
  /** One sentence: which releases lack it and where that was read. */
  why: string;
}

/**
 * `data/trtllm-<release>/weights.json`: what a Hugging Face model directory must not be for this
 * release's checkpoint step — already quantized when the spec converts it, or a model type no
 * converter of the release takes — with provenance. The runner checks the weights against it.
 */
export interface WeightsData {
  provenance: Provenance & { read?: unknown };
  prequantized: {
    /** Files beside config.json that mark a directory as already quantized (NVIDIA's harness's list). */
    files: string[];
    /** The config.json field that does the same. */
    configField: string;
    /** The file a ModelOpt checkpoint carries (what `source.checkpoint: 'modelopt'` loads). */
    modeloptMarker: string;
    why: string;
  };
  notConverted: Record<string, NotConvertedModelType>;
  /** Hub repositories whose weights are of a model type in `notConverted` (matched case-insensitively against source.hfRepo). */
  hubRepos?: Array<{ pattern: string; model: string; modelTypes: string[]; why: string }>;
}


/** The release's weights data (read once per process, only for the spec's release), or null when it has none. */
export function loadWeightsData(version: BackendVersion): WeightsData | null {
  return readOptionalDataJson<WeightsData>(`trtllm-${version}/weights.json`);
}
