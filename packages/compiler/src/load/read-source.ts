import { readFileSync } from 'node:fs';

/** A spec file's text as TypeScript reads it, or undefined when it cannot be read. */
export function readSource(file: string): string | undefined {
  try {
    // TypeScript drops a byte-order mark when it reads a file; so does this, for identical results.
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}
