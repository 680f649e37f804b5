// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Entry point of every bin/ shim: `node run.mjs <tool> args…`.
const TOOLS = {
  python3: './python3.mjs',
  'trtllm-build': './trtllm-build.mjs',
  tritonserver: './tritonserver.mjs',
  'trtllm-serve': './trtllm-serve.mjs',
  mpirun: './mpirun.mjs',
  'nvidia-smi': './nvidia-smi.mjs',
  'genai-perf': './genai-perf.mjs',
};

const [tool, ...args] = process.argv.slice(2);
const module = TOOLS[tool];
if (!module) {
  process.stderr.write(`stand-in: unknown tool ${tool}\n`);
  process.exit(127);
}
await (await import(module)).main(args);
