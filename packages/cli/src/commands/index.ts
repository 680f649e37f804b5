import type { Command } from 'commander';
import { registerBench } from './bench.js';
import { registerBuild } from './build.js';
import { registerCache } from './cache.js';
import { registerCompile } from './compile.js';
import { registerConvert } from './convert.js';
import { registerDeploy } from './deploy.js';
import { registerDiff } from './diff.js';
import { registerImport } from './import.js';
import { registerDoctor } from './doctor.js';
import { registerGc } from './gc.js';
import { registerInfer } from './infer.js';
import { registerNew } from './new.js';
import { registerPlan } from './plan.js';
import { registerServe } from './serve.js';
import { registerUp } from './up.js';
import { registerVerify } from './verify.js';

/** Every `trtforge` sub-command registers itself here, by name, in the order `--help` lists them; main.ts stays a thin shell. */
export const registrations: ReadonlyArray<readonly [name: string, register: (program: Command) => void]> = [
  ['up', registerUp], ['compile', registerCompile], ['plan', registerPlan], ['doctor', registerDoctor], ['convert', registerConvert], ['build', registerBuild],
  ['serve', registerServe], ['infer', registerInfer], ['bench', registerBench], ['gc', registerGc],
  ['verify', registerVerify],
  ['cache', registerCache],
  ['deploy', registerDeploy],
  ['new', registerNew],
  ['diff', registerDiff],
  ['import', registerImport],
];

/** Commands whose actions never touch @trtforge/runner: main() does not load it for them (start-up time). */
export const commandsWithoutRunner: ReadonlySet<string> = new Set(['compile', 'plan', 'deploy', 'diff', 'infer']);
