import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { InterruptedError } from '../errors.js';

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Streams a file through sha256 (a 1 GB safetensors file never sits in memory). */
export function sha256File(path: string, signal?: AbortSignal, what = 'hashing the weights'): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const stream = createReadStream(path, { highWaterMark: 1 << 20, signal });
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('error', (error) => reject(signal?.aborted ? new InterruptedError(what) : error));
    stream.on('end', () => resolve(hash.digest('hex')));
  });
}
