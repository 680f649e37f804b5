// Test helper: `trtforge` with only the runner's commands (convert, build, serve, doctor, bench).
// The real bin also registers `compile`, whose imports (ts-morph, typescript) cost ~1 s per start;
// tests that start the CLI dozens of times (interrupts, concurrency) use this entry instead.
// Same commander setup as packages/cli/src/main.ts: exitOverride, CommanderError → exit code.
import { Command, CommanderError } from 'commander';
import { registerBench } from '../../../packages/cli/dist/commands/bench.js';
import { registerBuild } from '../../../packages/cli/dist/commands/build.js';
import { registerConvert } from '../../../packages/cli/dist/commands/convert.js';
import { registerDoctor } from '../../../packages/cli/dist/commands/doctor.js';
import { registerServe } from '../../../packages/cli/dist/commands/serve.js';

const program = new Command('trtforge').option('--debug').option('-C, --root <dir>').exitOverride();
for (const register of [registerConvert, registerBuild, registerServe, registerDoctor, registerBench]) register(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  process.exitCode = error.exitCode;
}
