// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// `python3 <script> args…` for the scripts trtforge runs from NVIDIA checkouts. It only runs
// files that declare themselves stand-ins with a `# trtforge-standin: <name>` line (the fake
// checkouts written by fixtures/make-checkouts.mjs) and dispatches to the matching module here.
import { readFileSync } from 'node:fs';

const MODULES = { 'convert-checkpoint': './convert-checkpoint.mjs', 'openai-frontend': './openai-frontend.mjs', quantize: './quantize.mjs' };

export async function main(argv) {
  const [script, ...args] = argv;
  if (!script || script.startsWith('-')) {
    process.stderr.write('stand-in python3: only `python3 <stand-in script> args` is supported\n');
    process.exit(2);
  }
  let text;
  try {
    text = readFileSync(script, 'utf8');
  } catch {
    process.stderr.write(`python3: can't open file '${script}': [Errno 2] No such file or directory\n`);
    process.exit(2);
  }
  const name = /^# trtforge-standin: ([\w-]+)/m.exec(text)?.[1];
  if (!name || !MODULES[name]) {
    process.stderr.write(`stand-in python3: ${script} is not a trtforge stand-in script\n`);
    process.exit(2);
  }
  const module = await import(MODULES[name]);
  await module.main(args, { script });
}
