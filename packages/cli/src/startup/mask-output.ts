import { StringDecoder } from 'node:string_decoder';
import { SecretMasker, secretValues } from '@trtforge/spec/secrets';

/**
 * Everything trtforge itself prints (messages, progress, a tool's log tail, commander's help) goes
 * through the shared secret policy: stdout and stderr are the one choke point, so the values of
 * secret-looking env vars are masked there, chunk by chunk (a value split over two writes is still
 * masked). Nothing changes when no such variable is set.
 */
export function maskOwnOutput(env: Record<string, string | undefined>): void {
  const values = secretValues(env);
  if (values.length === 0) return;
  for (const stream of [process.stdout, process.stderr]) {
    const masker = new SecretMasker(values);
    const decoder = new StringDecoder('utf8');
    const write = stream.write.bind(stream) as (chunk: string, callback?: (error?: Error | null) => void) => boolean;
    stream.write = ((chunk: string | Uint8Array, encodingOrCallback?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void): boolean => {
      const text = typeof chunk === 'string'
        ? (typeof encodingOrCallback === 'string' && encodingOrCallback !== 'utf8' && encodingOrCallback !== 'utf-8' ? Buffer.from(chunk, encodingOrCallback).toString('utf8') : chunk)
        : decoder.write(Buffer.from(chunk));
      return write(masker.write(text), typeof encodingOrCallback === 'function' ? encodingOrCallback : callback);
    }) as typeof stream.write;
    process.on('exit', () => {
      const rest = masker.write(decoder.end()) + masker.flush();
      if (rest) write(rest);
    });
  }
}
