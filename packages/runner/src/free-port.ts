import { createServer } from 'node:net';

/**
 * A port nothing listens on now on 127.0.0.1 (the kernel picks it), for the benchmarks and the
 * demo, which never use fixed ports (8000 or 5000 may be taken). Someone else may take it before
 * it is used: good enough for a throwaway server started right after.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
