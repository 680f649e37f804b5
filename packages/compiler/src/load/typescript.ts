import { createRequire } from 'node:module';
import type * as TS from 'typescript';

let loaded: typeof TS | undefined;

/**
 * The TypeScript compiler (9 MB of JavaScript, most of a cache miss), loaded on first use so that a
 * compile whose specs all hit the load cache never pays for it. require(), not import: ESM-importing
 * this CommonJS file is slower on Node 20, and require() is what V8's compile cache hooks into.
 */
export function typescript(): typeof TS {
  loaded ??= createRequire(import.meta.url)('typescript') as typeof TS;
  return loaded;
}
