// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Option tables: the real tools' tables are read from ../shared/reference beside the repository
// (NVIDIA ground truth, never copied into the repo); inside the podman test image they are
// copied to /standins/reference when the image is built. tritonserver's table is our own
// (tables/tritonserver.json: shared/ has none for it).
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
  if (relativePath === 'triton-25.01/tritonserver.json') {
    return JSON.parse(readFileSync(new URL('../tables/tritonserver.json', import.meta.url), 'utf8'));
  }
  return JSON.parse(readFileSync(`${referenceDir()}${relativePath}`, 'utf8'));
}
