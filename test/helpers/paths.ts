import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/helpers/paths.ts). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** ../shared beside the repository: NVIDIA ground truth for tests (never copied into the repo). */
export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const REFERENCE = `${SHARED}reference/`;
export const TEMPLATES = `${REFERENCE}tensorrtllm_backend-v0.17.0/inflight_batcher_llm/`;
export const PROTO = `${REFERENCE}triton/model_config.proto`;

/** Tests that need ../shared fail loudly when it is missing (CI always has it). */
export function requireShared(): void {
  if (!existsSync(REFERENCE)) throw new Error(`../shared/reference not found at ${REFERENCE}: the golden tests need NVIDIA's templates and option tables`);
}

export const CLI = `${ROOT}packages/cli/bin/trtforge.js`;
