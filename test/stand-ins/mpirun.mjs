// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Plays Open MPI's mpirun for the launch lines trtforge and launch_triton_server.py generate:
//   mpirun [--allow-run-as-root] [--oversubscribe] [-x VAR]... -n N prog args [: -n N prog args]...
// Every rank is a child process with OMPI_COMM_WORLD_{RANK,SIZE,LOCAL_RANK}; signals are forwarded;
// one rank failing stops the others (as mpirun does). Like the real one it refuses to run as root
// without --allow-run-as-root.
import { spawn } from 'node:child_process';
import { trace } from './lib/behaviour.mjs';

function die(message) {
  process.stderr.write(`mpirun: ${message}\n`);
  process.exit(1);
}

export function parseMpirun(argv) {
  const global = { allowRoot: false, exports: [] };
  const segments = [];
  let current = { n: 1, command: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (current.command.length > 0) {
      if (arg === ':') {
        segments.push(current);
        current = { n: 1, command: [] };
      } else current.command.push(arg);
      continue;
    }
    if (arg === ':') continue;
    if (arg === '--allow-run-as-root') global.allowRoot = true;
    else if (arg === '--oversubscribe') continue;
    else if (arg === '-n' || arg === '-np' || arg === '--np' || arg === '-c') {
      const value = argv[++i];
      if (!/^\d+$/.test(value ?? '')) die(`Error: the -n option requires a positive integer, got "${value}"`);
      current.n = Number(value);
    } else if (arg === '-x') global.exports.push(argv[++i] ?? die('Error: -x requires an argument'));
    else if (arg.startsWith('-')) die(`Error: unknown option "${arg}"`);
    else current.command.push(arg);
  }
  if (current.command.length > 0) segments.push(current);
  if (segments.length === 0) die('Error: No executable was specified on the mpirun command line.');
  return { global, segments };
}

export async function main(argv) {
  trace('mpirun', argv);
  const { global, segments } = parseMpirun(argv);
  if (process.getuid?.() === 0 && !global.allowRoot && !process.env.OMPI_ALLOW_RUN_AS_ROOT) {
    die('mpirun has detected an attempt to run as root.\nRunning as root is *strongly* discouraged ... add --allow-run-as-root');
  }
  const size = segments.reduce((sum, s) => sum + s.n, 0);
  const children = [];
  let rank = 0;
  for (const segment of segments) {
    for (let k = 0; k < segment.n; k++, rank++) {
      const env = { ...process.env, OMPI_COMM_WORLD_RANK: String(rank), OMPI_COMM_WORLD_SIZE: String(size), OMPI_COMM_WORLD_LOCAL_RANK: String(rank) };
      children.push(spawn(segment.command[0], segment.command.slice(1), { env, stdio: 'inherit' }));
    }
  }
  let stopping = false;
  const stopAll = (signal) => {
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(signal));
  const codes = await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          child.on('error', (error) => {
            process.stderr.write(`mpirun was unable to launch the specified application: ${error.message}\n`);
            resolve(1);
          });
          child.on('exit', (code, signal) => {
            if (!stopping && code !== 0) {
              process.stderr.write(`Primary job terminated normally, but 1 process returned a non-zero exit code (${code ?? signal}).\n`);
              stopAll('SIGTERM');
            }
            resolve(code ?? 1);
          });
        }),
    ),
  );
  process.exit(codes.find((c) => c !== 0) ?? 0);
}
