import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A step's full log file plus the last lines kept in memory for progress output and error
 * messages. Values of secret env vars (passEnv) are masked before anything is written, in case
 * a tool echoes its environment.
 */
export class StepLog {
  readonly path: string;
  private readonly stream: WriteStream;
  private readonly tail: string[] = [];
  private readonly secrets: string[];

  constructor(path: string, secrets: Iterable<string | undefined> = [], private readonly tailSize = 20) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: 'w' });
    // Very short values would mask ordinary text; a 1–3 character token is not a real secret anyway.
    this.secrets = [...secrets].filter((s): s is string => typeof s === 'string' && s.length >= 4);
  }

  /** Writes one line (without its newline) and returns it after masking. */
  line(text: string): string {
    let masked = text;
    for (const secret of this.secrets) masked = masked.replaceAll(secret, '***');
    this.stream.write(`${masked}\n`);
    this.tail.push(masked);
    if (this.tail.length > this.tailSize) this.tail.shift();
    return masked;
  }

  lastLines(count = this.tailSize): string[] {
    return this.tail.slice(-count);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
