// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// The smallest HTTP server a readiness probe needs. Full generate/chat protocol stand-ins live elsewhere.
import { createServer } from 'node:http';

/**
 * Listens on host:port and answers 200 on `readyPaths` (after TRTFORGE_STANDIN_READY_DELAY_MS),
 * 404 elsewhere. Resolves once listening; exits the process (status 1) if the port is taken.
 */
export function serveReadiness({ tool, host, port, readyPaths }) {
  const readyAt = Date.now() + Number(process.env.TRTFORGE_STANDIN_READY_DELAY_MS ?? 0);
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && readyPaths.includes(path)) {
      response.writeHead(Date.now() >= readyAt ? 200 : 503, { 'content-type': 'application/json' });
      response.end(Date.now() >= readyAt ? '{}' : '{"error":"not ready"}');
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: `stand-in ${tool} only answers ${readyPaths.join(', ')}` }));
  });
  return new Promise((resolve) => {
    server.once('error', (error) => {
      process.stderr.write(`[stand-in ${tool}] cannot listen on ${host}:${port}: ${error.code ?? error.message}\n`);
      process.exit(1);
    });
    server.listen(port, host, () => resolve(server));
  });
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
