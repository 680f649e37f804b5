import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { maskSecrets } from '@trtforge/spec';

/**
 * A step's full log file plus the last lines kept in memory for progress output and error
 * messages. Secret values (ctx.secrets(): secret-looking env vars and passEnv) are masked by the
 * shared policy (packages/spec/src/secrets.ts) before anything is written, in case a tool echoes its environment.
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
    this.secrets = [...secrets].filter((s): s is string => typeof s === 'string' && s.length > 0);
  }

  /** Writes one line (without its newline) and returns it after masking. */
  line(text: string): string {
    const masked = maskSecrets(text, this.secrets);
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
