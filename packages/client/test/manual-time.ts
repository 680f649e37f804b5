/**
 * Test plumbing for the idle timeout without racing real time: a clock that moves only when the
 * test says so, and a fetch whose response body hands out one network chunk per `release()`.
 * "Time passes" and "a token arrives" become explicit, ordered steps.
 */
import type { IdleTimers } from '../src/index.js';

export class ManualTimers implements IdleTimers {
  now = 0;
  /** How many times the client (re)armed its idle timer: once per request phase and per stream event. */
  arms = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; fire: () => void }>();
  private readonly onArm: Array<() => void> = [];

  set(fire: () => void, ms: number): number {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + ms, fire });
    this.arms++;
    for (const wake of this.onArm.splice(0)) wake();
    return id;
  }

  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Moves the clock; fires every timer that is due. */
  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.pending]) {
      if (timer.at <= this.now) {
        this.pending.delete(id);
        timer.fire();
      }
    }
  }

  /** Resolves once the timer was armed at least `count` times in total. */
  async armedAtLeast(count: number): Promise<void> {
    while (this.arms < count) await new Promise<void>((resolve) => this.onArm.push(resolve));
  }
}

export interface GatedFetch {
  fetch: typeof fetch;
  /** Lets the next network chunk of the response body through; resolves once the client has it. */
  release(): Promise<void>;
}

export function gatedFetch(): GatedFetch {
  let credits = 0;
  let wake: (() => void) | undefined;
  const delivered: Array<() => void> = [];
  const gated: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    const reader = response.body.getReader();
    const signal = init?.signal ?? undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        signal?.addEventListener('abort', () => {
          controller.error(signal.reason);
          wake?.();
        }, { once: true });
      },
      async pull(controller) {
        while (credits === 0) {
          if (signal?.aborted) return;
          await new Promise<void>((resolve) => (wake = resolve));
        }
        credits--;
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
        delivered.shift()?.();
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return {
    fetch: gated,
    release() {
      credits++;
      wake?.();
      return new Promise<void>((resolve) => delivered.push(resolve));
    },
  };
}
