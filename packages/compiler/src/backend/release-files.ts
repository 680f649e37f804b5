import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The one reader of packages/compiler/data: every release file goes through here, so a spec on one
 * release reads that release's files and versions.json only (the laziness test checks the log).
 */
/** packages/compiler/data/ (a directory listing goes through here too: loadConvertTables). */
export const dataDir = fileURLToPath(new URL('../../data/', import.meta.url));
const reads: string[] = [];

/** Reads `data/<rel>` as JSON. */
export function readDataJson<T>(rel: string): T {
  reads.push(rel);
  return JSON.parse(readFileSync(dataDir + rel, 'utf8')) as T;
}

export function dataFileExists(rel: string): boolean {
  return existsSync(dataDir + rel);
}

const optional = new Map<string, unknown>();

/** An optional release file (`trtllm-<v>/quantize.json`…): read once per process, null when the release has none. */
export function readOptionalDataJson<T>(rel: string): T | null {
  if (!optional.has(rel)) optional.set(rel, dataFileExists(rel) ? readDataJson<T>(rel) : null);
  return optional.get(rel) as T | null;
}

/** Files read so far in this process, in order (for tests of what a compile pays for). */
export function dataFilesRead(): readonly string[] {
  return reads;
}
