// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Plays Triton r25.01 python/openai/openai_frontend/main.py: argv checked against
// reference/triton-25.01/openai_frontend.json (argparse); GET /health/ready answers 200.
import { existsSync } from 'node:fs';
import { runArgparseTool } from './lib/argparse.mjs';
import { failIfAsked, trace } from './lib/behaviour.mjs';
import { serveProtocol, stopOnSignals } from './lib/ready-server.mjs';
import { loadTable } from './lib/tables.mjs';

const TOOL = 'main.py';

export async function main(argv) {
  trace('openai_frontend', argv);
  const closeOnStop = stopOnSignals('openai_frontend');
  await runArgparseTool(TOOL, loadTable('triton-25.01/openai_frontend.json'), argv, async (args) => {
    failIfAsked('openai_frontend');
    if (!existsSync(args.model_repository)) {
      console.error(`tritonserver.InvalidArgumentError: failed to stat ${args.model_repository}`);
      process.exit(1);
    }
    closeOnStop(await serveProtocol({ tool: 'openai_frontend', host: args.host, port: args.openai_port, mode: 'openai' }));
    console.log(`INFO:     Uvicorn running on http://${args.host}:${args.openai_port}`);
  });
}
