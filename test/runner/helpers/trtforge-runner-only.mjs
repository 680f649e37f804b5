// Test helper: `trtforge` with only the runner's commands (convert, build, serve, doctor).
// The real bin also registers `compile`, whose imports (ts-morph, typescript) cost ~1 s per start;
// tests that start the CLI dozens of times (interrupts, concurrency) use this entry instead.
// Same commander setup as packages/cli/src/main.ts: exitOverride, CommanderError → exit code.
import { Command, CommanderError } from 'commander';
import { registerBuild } from '../../../packages/cli/dist/commands/build.js';
import { registerConvert } from '../../../packages/cli/dist/commands/convert.js';
import { registerDoctor } from '../../../packages/cli/dist/commands/doctor.js';
import { registerServe } from '../../../packages/cli/dist/commands/serve.js';

const program = new Command('trtforge').option('--debug').option('-C, --root <dir>').exitOverride();
for (const register of [registerConvert, registerBuild, registerServe, registerDoctor]) register(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  process.exitCode = error.exitCode;
}
