// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Loads the option tables copied from /work/shared/reference into ./reference (see README.md).
import { readFileSync } from 'node:fs';

const here = new URL('../reference/', import.meta.url);

/** A reference table (`{ options: [...] }`), looked up next to the stand-ins. */
export function loadTable(relativePath) {
  return JSON.parse(readFileSync(new URL(relativePath, here), 'utf8'));
}
