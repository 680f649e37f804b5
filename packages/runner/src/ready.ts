import { createServer } from 'node:net';

/** Where to probe a server bound to `host` (a wildcard bind is reached through loopback). */
export function probeHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

export function httpUrl(host: string, port: number, path: string): string {
  const h = probeHost(host);
  return `http://${h.includes(':') ? `[${h}]` : h}:${port}${path}`;
}

export type ReadyResult = 'ready' | 'exited' | 'timeout' | 'aborted';

/**
 * Polls `GET url` until it answers 200, the server process exits, the timeout passes or the run
 * is aborted — whichever comes first. Each request has its own short timeout so a hung socket
 * cannot stall the loop.
 */
export async function waitForReady(url: string, options: { timeoutMs: number; exited: Promise<unknown>; signal?: AbortSignal; intervalMs?: number }): Promise<ReadyResult> {
  let exited = false;
  void options.exited.then(() => { exited = true; });
  const deadline = Date.now() + options.timeoutMs;
  while (!exited && !options.signal?.aborted && Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status === 200) return 'ready';
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
  if (exited) return 'exited';
  return options.signal?.aborted ? 'aborted' : 'timeout';
}

/** True when nothing listens on host:port yet (checked by binding it briefly). */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: probeHost(host), port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
