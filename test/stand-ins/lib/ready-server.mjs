// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// HTTP for the stand-in servers: a readiness-only server, or (serveProtocol) the generate/chat
// protocol stand-in of ../llm-server, so `trtforge serve`'s smoke request gets a real answer.
import { createServer } from 'node:http';
import { startStandInServer } from '../llm-server/index.js';

/**
 * The protocol stand-in (KServe v2 generate / OpenAI chat) on host:port, not ready until
 * TRTFORGE_STANDIN_READY_DELAY_MS has passed. Exits the process (status 1) if the port is taken.
 */
export async function serveProtocol({ tool, host, port, mode, models }) {
  const delay = Number(process.env.TRTFORGE_STANDIN_READY_DELAY_MS ?? 0);
  try {
    // TRTFORGE_STANDIN_ECHO_PROMPT=1 plays exclude_input_in_output=false (the seed's echoed prompt).
    const echoPrompt = process.env.TRTFORGE_STANDIN_ECHO_PROMPT === '1';
    const server = await startStandInServer({ mode, host, port: Number(port), ready: delay <= 0, echoPrompt, ...(models ? { models } : {}) });
    if (delay > 0) setTimeout(() => server.set({ ready: true }), delay).unref();
    return server;
  } catch (error) {
    process.stderr.write(`[stand-in ${tool}] cannot listen on ${host}:${port}: ${error.code ?? error.message}\n`);
    process.exit(1);
  }
}

/**
 * Exit 0 on SIGINT/SIGTERM, as tritonserver and uvicorn do, whether or not serving started yet
 * (install it first thing). Returns a setter for the server to close.
 */
export function stopOnSignals(tool) {
  let server;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      process.stdout.write(`[stand-in ${tool}] ${signal} received, shutting down\n`);
      server?.close();
      process.exit(0);
    });
  }
  return (s) => {
    server = s;
  };
}
