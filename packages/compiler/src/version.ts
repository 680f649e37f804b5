import { readFileSync } from 'node:fs';

/** trtforge's version, from the compiler's package.json: stamped into every generated file header. */
export const COMPILER_VERSION: string = (JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { version: string }).version;

export const GENERATOR = `trtforge ${COMPILER_VERSION}`;
