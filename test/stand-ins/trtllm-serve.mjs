// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Plays `trtllm-serve MODEL` of the release in play: argv checked against packages/compiler/data/trtllm-<release>/trtllm-serve.json
// (click rules); MODEL must be an engine/checkpoint/HF dir with config.json; GET /health answers 200.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { failIfAsked, trace } from './lib/behaviour.mjs';
import { parseClick } from './lib/click.mjs';
import { serveProtocol, stopOnSignals } from './lib/ready-server.mjs';
import { releaseToolTable } from './lib/tables.mjs';

const TOOL = 'trtllm-serve';

export async function main(argv) {
  trace(TOOL, argv);
  const closeOnStop = stopOnSignals(TOOL);
  const { values, positionals } = parseClick(TOOL, releaseToolTable('trtllm-serve'), argv);
  failIfAsked(TOOL);
  const model = positionals[0];
  if (!existsSync(join(model, 'config.json'))) {
    console.error(`ValueError: ${model} is neither an engine directory, a checkpoint nor a Hugging Face model (no config.json)`);
    process.exit(1);
  }
  // Like trtllm-serve's OpenAIServer: a MODEL directory is served under its last path component
  // (tensorrt_llm/serve/openai_server.py, `self.model = model_dir.name`).
  closeOnStop(await serveProtocol({ tool: TOOL, host: values.host, port: values.port, mode: 'trtllm-serve', models: [basename(model)] }));
  console.log(`INFO:     Uvicorn running on http://${values.host}:${values.port} (Press CTRL+C to quit)`);
}
