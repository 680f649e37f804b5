// Test helper: an HTTP proxy in front of the real registry that can (1) stop forwarding blob
// bytes after N of them — the transfer is then stuck mid-blob, deterministically, and the test
// kills the client — and (2) demand a bearer token from its own token endpoint (the auth flow
// docker's registries use), checking the Basic login the client sends there.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { freePort } from './workspace.js';

export interface ProxyOptions {
  /** Stop forwarding after this many bytes of blob uploads (PATCH/PUT bodies) or blob downloads (GET bodies). */
  stallAfter?: { direction: 'upload' | 'download'; bytes: number };
  /** Require `Authorization: Bearer <token>`; the token is issued for this login at /token. */
  bearer?: { username: string; password: string };
}

export interface RegistryProxy {
  address: string;
  remote(repository: string): string;
  /** Resolves when the proxy has stopped forwarding (the stall point was reached). */
  stalled: Promise<void>;
  /** Blob bytes forwarded so far in each direction. */
  forwarded: { upload: number; download: number };
  /** Requests seen, as "METHOD path". */
  requests: string[];
  /** From now on, stop forwarding after `bytes` more blob bytes in `direction`; `stalled` then resolves. */
  stallAfter(direction: 'upload' | 'download', bytes: number): Promise<void>;
  /** From now on, forward `count` blob-upload PATCH requests whole and hold the next one before any of its bytes. */
  holdPatchAfter(count: number): Promise<void>;
  /** Forward everything from now on (the next run completes). */
  passthrough(): void;
  stop(): Promise<void>;
}

const TOKEN = 'test-token-issued-by-the-proxy';

export async function startRegistryProxy(registry: string, options: ProxyOptions = {}): Promise<RegistryProxy> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const forwarded = { upload: 0, download: 0 };
  let stall: { direction: 'upload' | 'download'; bytes: number } | undefined;
  let markStalled: () => void = () => undefined;
  let stalled = Promise.resolve();
  const stallAfter = (direction: 'upload' | 'download', bytes: number): Promise<void> => {
    stall = { direction, bytes: forwarded[direction] + bytes };
    stalled = new Promise<void>((resolve) => (markStalled = resolve));
    return stalled;
  };
  if (options.stallAfter) void stallAfter(options.stallAfter.direction, options.stallAfter.bytes);
  let patchesLeft: number | undefined;
  const holdPatchAfter = (count: number): Promise<void> => {
    patchesLeft = count;
    stalled = new Promise<void>((resolve) => (markStalled = resolve));
    return stalled;
  };
  const requests: string[] = [];
  const held: Array<IncomingMessage | ServerResponse> = [];

  /** Passes chunks on until the stall point, then holds everything (neither side sees an end). */
  const gate = (direction: 'upload' | 'download', chunk: Buffer, write: (b: Buffer) => void): boolean => {
    if (!stall || stall.direction !== direction) {
      forwarded[direction] += chunk.length;
      write(chunk);
      return true;
    }
    const room = stall.bytes - forwarded[direction];
    if (chunk.length <= room) {
      forwarded[direction] += chunk.length;
      write(chunk);
      return true;
    }
    if (room > 0) {
      forwarded[direction] += room;
      write(chunk.subarray(0, room));
    }
    markStalled();
    return false;
  };
  /** Copies `from` through the gate; when the gate stalls, `from` is paused and `hold` kept (destroyed on kill, never ended). */
  const relay = (direction: 'upload' | 'download', from: IncomingMessage, write: (b: Buffer) => void, end: () => void, hold: IncomingMessage | ServerResponse) => {
    from.on('data', (chunk: Buffer) => {
      if (!gate(direction, chunk, write)) {
        from.pause();
        held.push(hold);
      }
    });
    from.on('end', () => {
      if (!held.includes(hold)) end();
    });
  };

  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', `http://${address}`);
    if (options.bearer && url.pathname === '/token') {
      const expected = `Basic ${Buffer.from(`${options.bearer.username}:${options.bearer.password}`).toString('base64')}`;
      if (req.headers.authorization !== expected) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: TOKEN }));
      return;
    }
    if (options.bearer && req.headers.authorization !== `Bearer ${TOKEN}`) {
      req.resume();
      const scope = url.pathname.startsWith('/v2/') && url.pathname.length > 4 ? `,scope="repository:${url.pathname.split('/').slice(2, -2).join('/')}:pull"` : '';
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${address}/token",service="test-registry"${scope}`, 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
      return;
    }
    const isBlobUpload = /\/blobs\/uploads\//.test(url.pathname) && (req.method === 'PATCH' || req.method === 'PUT');
    if (req.method === 'PATCH' && patchesLeft !== undefined && patchesLeft-- <= 0) {
      req.pause(); // held before a byte reaches the registry: the client waits until it is killed
      held.push(req);
      markStalled();
      return;
    }
    const isBlobDownload = /\/blobs\/sha256:/.test(url.pathname) && req.method === 'GET';
    const headers = { ...req.headers };
    delete headers.authorization;
    const upstream = request({ host: registry.split(':')[0], port: Number(registry.split(':')[1]), method: req.method, path: req.url, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      if (!isBlobDownload) {
        up.pipe(res);
        return;
      }
      relay('download', up, (b) => res.write(b), () => res.end(), res);
    });
    upstream.on('error', () => res.destroy());
    if (!isBlobUpload) {
      req.pipe(upstream);
      return;
    }
    relay('upload', req, (b) => upstream.write(b), () => upstream.end(), req);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    address,
    remote: (repository) => `oci://${address}/${repository}`,
    get stalled() {
      return stalled;
    },
    stallAfter,
    holdPatchAfter,
    forwarded,
    requests,
    passthrough() {
      stall = undefined;
      patchesLeft = undefined;
    },
    async stop() {
      for (const h of held) h.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
