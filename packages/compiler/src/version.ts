import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './package-root.js';

/** trtforge's version, from the compiler's package.json: stamped into every generated file header. */
export const COMPILER_VERSION: string = (JSON.parse(
  readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'),
) as { version: string }).version;

export const GENERATOR = `trtforge ${COMPILER_VERSION}`;
