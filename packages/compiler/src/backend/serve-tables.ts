import type { BackendVersion } from '@trtforge/spec';
import type { Provenance } from './release-catalogue.js';
import { dataFileExists, readDataJson } from './release-files.js';

/**
 * The serving tools' option tables of a release (tritonserver and Triton's OpenAI frontend read at
 * the release's Triton branch, trtllm-serve per TensorRT-LLM release). The compiler emits their argv
 * from the spec; the tables are what the argv tests and the stand-ins check it against. Only their
 * provenance is read here, for PLAN.md's list of data not read at the release's own commit.
 */
export const serveTableFiles = (version: BackendVersion): string[] => [
  `tensorrtllm_backend-${version}/tritonserver.json`,
  `tensorrtllm_backend-${version}/openai_frontend.json`,
  `trtllm-${version}/trtllm-serve.json`,
];

/** A data file and where it was read (the same shape as backend-data's DataProvenance, declared here so the two files do not import each other). */
type FileProvenance = { file: string; provenance: Provenance };

const cache = new Map<string, FileProvenance[]>();

export function serveTablesProvenance(version: BackendVersion): FileProvenance[] {
  const hit = cache.get(version);
  if (hit) return hit;
  const found = serveTableFiles(version)
    .filter((file) => dataFileExists(file))
    .map((file) => ({ file, provenance: readDataJson<{ provenance: Provenance }>(file).provenance }));
  cache.set(version, found);
  return found;
}
