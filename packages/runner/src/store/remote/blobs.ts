import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RunnerError } from '../../errors.js';
import type { RegistryClient } from './registry-client.js';

/** What happened to one blob on push. `resumedFrom` > 0 when an earlier, interrupted upload session was continued. */
export interface BlobPush {
  digest: string;
  bytes: number;
  how: 'present' | 'mounted' | 'uploaded';
  sentBytes: number;
  resumedFrom: number;
}

/** Default PATCH size: each chunk is one request, so an interrupted upload loses at most this much. */
export const DEFAULT_CHUNK_BYTES = 64 * 1024 * 1024;

/** Counts bytes going through (for the summary and for progress) without holding any. */
class Counter extends Transform {
  bytes = 0;
  constructor(private readonly onBytes?: (n: number) => void) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    this.onBytes?.(chunk.length);
    done(null, chunk);
  }
}

/**
 * Upload sessions survive an interrupted run: `<dir>/<digest hex>.json` holds the session's
 * Location, so the next push asks the registry how much it has and sends only the rest.
 */
export class UploadSessions {
  constructor(private readonly dir: string) {}
  private path(digest: string, repository: string): string {
    return join(this.dir, `${repository.replace(/\//g, '~')}-${digest.replace(/^sha256:/, '')}.json`);
  }
  async get(digest: string, repository: string): Promise<string | undefined> {
    try {
      return (JSON.parse(await readFile(this.path(digest, repository), 'utf8')) as { location: string }).location;
    } catch {
      return undefined;
    }
  }
  async set(digest: string, repository: string, location: string): Promise<void> {
    const path = this.path(digest, repository);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify({ location })}\n`);
    await rename(temp, path);
  }
  async forget(digest: string, repository: string): Promise<void> {
    await rm(this.path(digest, repository), { force: true });
  }
}

export async function blobExists(client: RegistryClient, digest: string): Promise<boolean> {
  const response = await client.request('HEAD', `blobs/${digest}`, 'pull,push', { accept: [404] });
  return response.status !== 404;
}

/** Continues a saved session: the offset the registry has, or undefined when the session is gone (expired, completed, unknown). */
async function resumeOffset(client: RegistryClient, location: string): Promise<number | undefined> {
  const response = await client.request('GET', location, 'pull,push', { accept: [404, 400] });
  await response.body?.cancel();
  if (response.status !== 204 && response.status !== 200) return undefined;
  const range = /^(?:bytes=)?0-(\d+)$/.exec(response.headers.get('range') ?? '');
  // "0-0" means zero or one byte received (the spec cannot tell): start over rather than guess.
  if (!range || range[1] === '0') return undefined;
  return Number(range[1]) + 1;
}

/**
 * Pushes one file as one blob: nothing when the registry has it; a cross-repository mount when it
 * has it in another repository (`mountFrom`); else a chunked upload session (PATCH per chunk,
 * streamed from disk; memory stays at the stream's buffers), continued from where an interrupted
 * run stopped. The registry checks the digest on the final PUT.
 */
export async function pushBlob(
  client: RegistryClient,
  file: { path: string; digest: string; bytes: number },
  options: { sessions: UploadSessions; mountFrom?: string[]; chunkBytes?: number; onBytes?: (n: number) => void },
): Promise<BlobPush> {
  const { digest, bytes } = file;
  const repository = client.target.repository;
  if (await blobExists(client, digest)) return { digest, bytes, how: 'present', sentBytes: 0, resumedFrom: 0 };
  for (const from of options.mountFrom ?? []) {
    if (from === repository) continue;
    const mount = await client.request('POST', `blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`, 'pull,push', { alsoPull: [from] });
    await mount.body?.cancel();
    if (mount.status === 201) return { digest, bytes, how: 'mounted', sentBytes: 0, resumedFrom: 0 };
    // 202: the registry opened an upload session instead (it does not have the blob there after all); drop it and upload below.
    const opened = mount.headers.get('location');
    if (opened) await client.request('DELETE', opened, 'pull,push', { accept: [404, 405] }).then((r) => r.body?.cancel(), () => undefined);
  }

  let location = await options.sessions.get(digest, repository);
  let offset = location ? await resumeOffset(client, location) : undefined;
  const resumedFrom = offset ?? 0;
  if (offset === undefined || offset > bytes) {
    const start = await client.request('POST', 'blobs/uploads/', 'pull,push');
    await start.body?.cancel();
    location = start.headers.get('location') ?? undefined;
    if (!location) throw new RunnerError('remote-failed', `${client.base}: the registry opened an upload without a Location`);
    location = client.url(location);
    offset = 0;
    await options.sessions.set(digest, repository, location);
  }
  const chunk = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  let sent = 0;
  while (offset < bytes) {
    const end = Math.min(bytes, offset + chunk);
    const from = offset;
    const counter = new Counter(options.onBytes);
    const response = await client.request('PATCH', location!, 'pull,push', {
      headers: { 'content-type': 'application/octet-stream', 'content-range': `${from}-${end - 1}`, 'content-length': String(end - from) },
      // A Node stream is an async iterable: undici pulls it as the socket drains (Readable.toWeb would read ahead without bound).
      body: () => createReadStream(file.path, { start: from, end: end - 1, highWaterMark: 1024 * 1024 }).pipe(counter) as unknown as NonNullable<RequestInit['body']>,
    });
    await response.body?.cancel();
    sent += counter.bytes;
    location = client.url(response.headers.get('location') ?? location!);
    offset = end;
    await options.sessions.set(digest, repository, location);
  }
  const url = new URL(location!);
  url.searchParams.set('digest', digest);
  const done = await client.request('PUT', url.toString(), 'pull,push', { headers: { 'content-length': '0' } });
  await done.body?.cancel();
  await options.sessions.forget(digest, repository);
  return { digest, bytes, how: 'uploaded', sentBytes: sent, resumedFrom };
}

/** A blob whose bytes are not what its digest says: the registry's copy is damaged (or was tampered with). */
export class BlobMismatch extends RunnerError {
  constructor(what: string, expected: string, actual: string) {
    super('remote-damaged', `${what}: the registry sent sha256:${actual}, the manifest says ${expected}`, { hint: "the registry's copy of this blob is damaged and is not used; a push does not replace a blob the registry already has: its operator must delete the blob (and run the registry's garbage collection)" });
  }
}

/**
 * Streams one blob into `dest`, hashing on the way; throws {@link BlobMismatch} when the bytes
 * are not the digest's. With `partial` (a path outside any temp dir) the download goes there
 * first and is continued with an HTTP Range request when an earlier, killed pull left part of it:
 * the part is hashed again (never trusted), the rest fetched, the whole checked, then renamed to
 * `dest`. A registry that ignores Range (200 instead of 206) is read from the start.
 */
export async function pullBlob(
  client: RegistryClient,
  blob: { digest: string; bytes: number; what: string },
  dest: string,
  options: { partial?: string; onBytes?: (n: number) => void } = {},
): Promise<{ transferred: number; resumedFrom: number }> {
  const target = options.partial ?? dest;
  await mkdir(dirname(target), { recursive: true });
  const hash = createHash('sha256');
  let offset = 0;
  if (options.partial) {
    const have = await stat(options.partial).then((s) => s.size, () => 0);
    if (have > 0 && have < blob.bytes) {
      for await (const chunk of createReadStream(options.partial)) hash.update(chunk as Buffer);
      offset = have;
    } else if (have > 0) await rm(options.partial, { force: true });
  }
  const response = await client.request('GET', `blobs/${blob.digest}`, 'pull', offset > 0 ? { headers: { range: `bytes=${offset}-` } } : {});
  if (!response.body) throw new RunnerError('remote-failed', `${client.base}: blob ${blob.digest} came without a body`);
  let hasher = hash;
  if (offset > 0 && response.status !== 206) {
    offset = 0;
    hasher = createHash('sha256');
  }
  const counter = new Counter(options.onBytes);
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hasher.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), counter, hashing, createWriteStream(target, { mode: 0o644, flags: offset > 0 ? 'a' : 'w' }));
  const actual = hasher.digest('hex');
  const total = offset + counter.bytes;
  if (`sha256:${actual}` !== blob.digest || total !== blob.bytes) {
    if (options.partial) await rm(options.partial, { force: true }); // never resumed from: its bytes are wrong somewhere
    throw total !== blob.bytes
      ? new RunnerError('remote-damaged', `${blob.what}: the registry sent ${total} bytes, the manifest says ${blob.bytes}`, { hint: 'the registry copy is damaged; it is not used' })
      : new BlobMismatch(blob.what, blob.digest, actual);
  }
  if (options.partial) await rename(options.partial, dest);
  return { transferred: counter.bytes, resumedFrom: offset };
}

/** Pushes a small in-memory blob (the config: entry.json). */
export async function pushSmallBlob(client: RegistryClient, data: Buffer): Promise<string> {
  const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
  if (await blobExists(client, digest)) return digest;
  const start = await client.request('POST', 'blobs/uploads/', 'pull,push');
  await start.body?.cancel();
  const location = start.headers.get('location');
  if (!location) throw new RunnerError('remote-failed', `${client.base}: the registry opened an upload without a Location`);
  const url = new URL(client.url(location));
  url.searchParams.set('digest', digest);
  const done = await client.request('PUT', url.toString(), 'pull,push', { headers: { 'content-type': 'application/octet-stream' }, body: () => data });
  await done.body?.cancel();
  return digest;
}

export async function fetchSmallBlob(client: RegistryClient, digest: string, maxBytes: number): Promise<Buffer> {
  const response = await client.request('GET', `blobs/${digest}`, 'pull');
  const data = Buffer.from(await response.arrayBuffer());
  if (data.length > maxBytes) throw new RunnerError('remote-damaged', `${client.base}: blob ${digest} is ${data.length} bytes, more than an entry's metadata can be`);
  const actual = `sha256:${createHash('sha256').update(data).digest('hex')}`;
  if (actual !== digest) throw new BlobMismatch(`the entry metadata (${digest})`, digest, actual.slice(7));
  return data;
}
