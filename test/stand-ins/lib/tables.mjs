// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Option tables: the real tools' tables are read from ../shared/reference beside the repository
// (NVIDIA ground truth, never copied into the repo); inside the podman test image they are
// copied to /standins/reference when the image is built. The serving tools' tables per release
// (tritonserver, Triton's OpenAI frontend, trtllm-serve) are the compiler's data: releaseToolTable().
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const candidates = [
  process.env.TRTFORGE_REFERENCE_DIR,
  fileURLToPath(new URL('../reference/', import.meta.url)),
  fileURLToPath(new URL('../../../../shared/reference/', import.meta.url)),
].filter(Boolean);

/** Directory holding trtllm-0.17/*.json and triton-25.01/*.json. */
export function referenceDir() {
  const dir = candidates.find((d) => existsSync(`${d}/trtllm-0.17`));
  if (!dir) throw new Error(`stand-in: no reference option tables (looked in ${candidates.join(', ')})`);
  return dir.endsWith('/') ? dir : `${dir}/`;
}

/** A reference table (`{ options: [...] }`). */
export function loadTable(relativePath) {
  return JSON.parse(readFileSync(`${referenceDir()}${relativePath}`, 'utf8'));
}

/**
 * Directory of the converters' per-family tables (`trtllm-<version>/convert_checkpoint.<family>.json`):
 * the compiler's data in a checkout, `/standins/families` inside the podman test image. Each holds
 * the script's real argparse table (`argparse`) with its provenance.
 */
export const FAMILY_TABLES = [
  fileURLToPath(new URL('../families/', import.meta.url)),
  fileURLToPath(new URL('../../../packages/compiler/data/', import.meta.url)),
].find((d) => existsSync(d)) ?? fileURLToPath(new URL('../../../packages/compiler/data/', import.meta.url));

/** The converter table of `family` at TensorRT-LLM `version`, as an argparse table for lib/argparse.mjs. */
export function loadConverterTable(version, family) {
  const path = `${FAMILY_TABLES}trtllm-${version}/convert_checkpoint.${family}.json`;
  if (!existsSync(path)) throw new Error(`stand-in: no converter table for family ${family} at ${version} (${path})`);
  const data = JSON.parse(readFileSync(path, 'utf8'));
  return { tool: data.script, options: data.argparse, weights: data.weights, sharding: data.sharding, positional: [] };
}

/**
 * The option table of a TensorRT-LLM tool for the release the stand-in plays
 * (`TRTFORGE_STANDIN_BACKEND_VERSION`, a tensorrtllm_backend version; default 0.17.0, as the podman image).
 * The table is the real one the compiler's data for that release was read from: the reference table
 * whose source commit is the commit in packages/compiler/data/trtllm-<release>/<data file>'s
 * provenance — so a release whose data says "v0.17.0's map" is checked against v0.17.0's tool, and
 * a release read at its own tag against that tag's table, the day one exists.
 */
export function releaseTable(referenceFile, dataFile) {
  const release = process.env.TRTFORGE_STANDIN_BACKEND_VERSION;
  if (!release || release === '0.17.0') return loadTable(referenceFile);
  const dataPath = new URL(`../../../packages/compiler/data/trtllm-${release}/${dataFile}`, import.meta.url);
  if (!existsSync(dataPath)) throw new Error(`stand-in: no data for release ${release} (${fileURLToPath(dataPath)})`);
  const { provenance } = JSON.parse(readFileSync(dataPath, 'utf8'));
  const table = loadTable(referenceFile);
  if (table.source?.commit === provenance?.commit) return table;
  // A table read at the release's own commit that covers only part of the tool (e.g. v0.16.0's
  // build.py parse_arguments without the plugin options): its options over the reference's.
  const partial = new URL(`../../compile/fixtures/${dataFile.replace('.json', '')}-${release}.parse-arguments.json`, import.meta.url);
  if (existsSync(partial)) {
    const own = JSON.parse(readFileSync(partial, 'utf8'));
    if (own.provenance?.commit === provenance?.commit) {
      const flags = new Set(own.options.map((o) => o.flag));
      return { ...table, options: [...table.options.filter((o) => !flags.has(o.flag)), ...own.options] };
    }
  }
  throw new Error(`stand-in: no real option table for ${dataFile} of release ${release} (its data was read at ${provenance?.commit})`);
}

/** The tensorrtllm_backend release the stand-ins play (TRTFORGE_STANDIN_BACKEND_VERSION; default 0.17.0, as the podman image). */
export function standinRelease() {
  return process.env.TRTFORGE_STANDIN_BACKEND_VERSION || '0.17.0';
}

/**
 * Where each serving tool's option table lives in a release's data (packages/compiler/data): the
 * server's tools are read at the Triton branch the release pins, trtllm-serve per TensorRT-LLM release.
 */
export const SERVE_TABLE_FILES = {
  tritonserver: (release) => `tensorrtllm_backend-${release}/tritonserver.json`,
  openai_frontend: (release) => `tensorrtllm_backend-${release}/openai_frontend.json`,
  'trtllm-serve': (release) => `trtllm-${release}/trtllm-serve.json`,
};

/**
 * The option table (`{ options, provenance }`) of a serving tool as `release` ships it: the release's
 * data file, whose `options` are its own or, with `optionsFrom`, a reference table's (the data's
 * provenance says which release that table was read for). A release without the file is refused.
 */
export function releaseToolTable(tool, release = standinRelease()) {
  const rel = SERVE_TABLE_FILES[tool]?.(release);
  if (!rel) throw new Error(`stand-in: no release table kind for ${tool}`);
  const path = `${FAMILY_TABLES}${rel}`;
  if (!existsSync(path)) throw new Error(`stand-in: no ${tool} table for release ${release} (${path})`);
  const data = JSON.parse(readFileSync(path, 'utf8'));
  const options = data.options ?? loadTable(data.optionsFrom).options;
  const positional = data.positional ?? (data.optionsFrom ? loadTable(data.optionsFrom).positional : undefined);
  return { tool, provenance: data.provenance, options, ...(positional ? { positional } : {}) };
}
