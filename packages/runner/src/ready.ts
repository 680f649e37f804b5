import { createServer } from 'node:net';
import { authority, connectHost } from '@trtforge/spec';

/** The URL a probe on this host uses for a server bound to `host`. */
export function httpUrl(host: string, port: number, path: string): string {
  return `http://${authority(connectHost(host), port)}${path}`;
}

/** One readiness probe: `GET url` answers 200 within `timeoutMs` (a hung socket counts as not ready). */
export async function isReady(url: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false; // not listening yet
  }
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
    if (await isReady(url)) return 'ready';
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
    server.listen({ host: connectHost(host), port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
