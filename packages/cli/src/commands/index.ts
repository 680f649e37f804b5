import type { Command } from 'commander';
import { registerCompile } from './compile.js';
import { registerPlan } from './plan.js';
import { registerInfer } from './infer.js';
import { registerConvert } from './convert.js';
import { registerBuild } from './build.js';
import { registerServe } from './serve.js';
import { registerDoctor } from './doctor.js';

/** Every `trtforge` sub-command registers itself here; main.ts stays a thin shell. */
export const registrations: Array<(program: Command) => void> = [registerCompile, registerPlan, registerInfer, registerConvert, registerBuild, registerServe, registerDoctor];
