// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Plays Triton's python/openai/openai_frontend/main.py of the release in play: argv checked against
// packages/compiler/data/tensorrtllm_backend-<release>/openai_frontend.json (argparse, read at the release's Triton branch); GET /health/ready answers 200.
import { existsSync } from 'node:fs';
import { runArgparseTool } from './lib/argparse.mjs';
import { failIfAsked, trace } from './lib/behaviour.mjs';
import { serveProtocol, stopOnSignals } from './lib/ready-server.mjs';
import { releaseToolTable } from './lib/tables.mjs';

const TOOL = 'main.py';

export async function main(argv) {
  trace('openai_frontend', argv);
  const closeOnStop = stopOnSignals('openai_frontend');
  await runArgparseTool(TOOL, releaseToolTable('openai_frontend'), argv, async (args) => {
    failIfAsked('openai_frontend');
    if (!existsSync(args.model_repository)) {
      console.error(`tritonserver.InvalidArgumentError: failed to stat ${args.model_repository}`);
      process.exit(1);
    }
    closeOnStop(await serveProtocol({ tool: 'openai_frontend', host: args.host, port: args.openai_port, mode: 'openai' }));
    console.log(`INFO:     Uvicorn running on http://${args.host}:${args.openai_port}`);
  });
}
