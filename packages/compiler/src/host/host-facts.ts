import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

/**
 * What the compiler may ask of the host machine besides the spec's own files (the load cache tracks
 * those) and its own code and data (the code fingerprint covers those). Lints read the host only
 * through this interface, so that a compile can list every host fact its result depends on and a
 * cached result can be checked against them (test/compile/host-reads.test.ts holds the line).
 */
export interface HostFacts {
  /** Whether a file or directory exists at `path`. */
  exists(path: string): boolean;
  /** The text of the file at `path`, or undefined when it cannot be read. */
  readText(path: string): string | undefined;
}

/** One answer the host gave: the question and a digest of the answer. */
export type HostFact = readonly [question: 'exists' | 'text', path: string, answer: string];

/** Answers from the live filesystem, and remembers each answer so it can be checked again later. */
export class RecordingHost implements HostFacts {
  private readonly seen = new Map<string, HostFact>();

  /** Every distinct question asked so far, with its answer. */
  get facts(): HostFact[] {
    return [...this.seen.values()];
  }

  exists(path: string): boolean {
    const answer = existsSync(path);
    this.seen.set(`exists\0${path}`, ['exists', path, String(answer)]);
    return answer;
  }

  readText(path: string): string | undefined {
    const text = readText(path);
    this.seen.set(`text\0${path}`, ['text', path, digest(text)]);
    return text;
  }
}

/** True when the host still answers every recorded question the same way. */
export function hostFactsHold(facts: readonly HostFact[]): boolean {
  return facts.every(([question, path, answer]) =>
    question === 'exists' ? String(existsSync(path)) === answer : digest(readText(path)) === answer);
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function digest(text: string | undefined): string {
  return text === undefined ? 'unreadable' : createHash('sha256').update(text).digest('hex');
}
