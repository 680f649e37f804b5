import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/**
 * The compiler package's directory, found through its own package name (Node's self-reference),
 * so that the same code finds its package.json, data and prebuilt validator from src/ (tests),
 * from dist/ (tsc's output) and from dist/bundle/ (the single-file build the CLI loads).
 */
export const PACKAGE_ROOT: string = dirname(createRequire(import.meta.url).resolve('@trtforge/compiler/package.json'));

/** The directory of a @trtforge package this one depends on (its entry point is `dist/index.js`). */
export function dependencyDir(name: '@trtforge/spec' | '@trtforge/pbtxt'): string {
  return dirname(dirname(createRequire(import.meta.url).resolve(name)));
}
