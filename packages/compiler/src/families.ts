import { familyIndex, loadConvertTables } from './backend/convert-table.js';
import { dataDir } from './backend/release-files.js';

// A light entry point (`@trtforge/compiler/families`, fs only) for `trtforge new`: which family
// converts a Hugging Face model type, from the converter tables of one release.

/** model_type / architectures[0] → family, over the converter tables of TensorRT-LLM `version`. */
export function familiesOf(version: string): ReturnType<typeof familyIndex> {
  return familyIndex(loadConvertTables(`${dataDir}trtllm-${version}`));
}
