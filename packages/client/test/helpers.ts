/** Shared test plumbing: stand-in servers that are always closed, and a client per target. */
import { createServer } from 'node:net';
import { afterEach } from 'vitest';
import { startStandInServer, type StandInOptions, type StandInServer } from '../../../test/stand-ins/llm-server/index.js';
import { LlmClient, targetFromUrl, type ClientOptions, type Target } from '../src/index.js';

const open: StandInServer[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

/** A stand-in on a free loopback port, closed after the test. */
export async function standIn(options: StandInOptions = {}): Promise<StandInServer> {
  const server = await startStandInServer({ port: 0, ...options });
  open.push(server);
  return server;
}

/** The target `trtforge infer --url <server> --mode <mode>` would build. */
export function targetFor(server: StandInServer, model?: string): Target {
  return targetFromUrl(server.url, server.mode, model);
}

export function clientFor(server: StandInServer, options: Partial<ClientOptions> = {}): LlmClient {
  return new LlmClient({ target: targetFor(server), timeoutMs: 5_000, ...options });
}

/** A loopback port nothing listens on (connection refused). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Collects streamed pieces. */
export function pieces(): { list: string[]; onText: (text: string) => void } {
  const list: string[] = [];
  return { list, onText: (text) => list.push(text) };
}
