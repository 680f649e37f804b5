import type { Command } from 'commander';
import { registerCompile } from './compile.js';
import { registerPlan } from './plan.js';
import { registerInfer } from './infer.js';

/** Every `trtforge` sub-command registers itself here; main.ts stays a thin shell. */
export const registrations: Array<(program: Command) => void> = [registerCompile, registerPlan, registerInfer];
