import { familyIndex, loadConvertTables } from './backend/convert-table.js';
import { dataDir } from './backend/release-files.js';
import { loadWeightsData, type NotConvertedModelType } from './backend/weights-data.js';

// A light entry point (`@trtforge/compiler/families`, fs only) for `trtforge new`: which family
// converts a Hugging Face model type, from the converter tables of one release.

/** model_type / architectures[0] → family, over the converter tables of TensorRT-LLM `version`. */
export function familiesOf(version: string): ReturnType<typeof familyIndex> {
  return familyIndex(loadConvertTables(`${dataDir}trtllm-${version}`));
}

/**
 * The model types (and architectures) whose family exists but no converter of TensorRT-LLM
 * `version` takes (Qwen3), from data/trtllm-<version>/weights.json; empty when it has none.
 */
export function notConvertedOf(version: string): { modelTypes: Record<string, NotConvertedModelType>; architectures: Record<string, NotConvertedModelType> } {
  const entries = Object.entries(loadWeightsData(version as Parameters<typeof loadWeightsData>[0])?.notConverted ?? {});
  return {
    modelTypes: Object.fromEntries(entries),
    architectures: Object.fromEntries(entries.flatMap(([, entry]) => entry.architectures.map((a) => [a, entry]))),
  };
}
