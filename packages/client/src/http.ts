/**
 * One HTTP exchange with timeouts and cancellation, on Node's built-in fetch (undici).
 *
 * The timeout is an idle timeout: it bounds the wait for the response headers and then every gap
 * between stream chunks, so a long answer that keeps streaming never times out but a server that
 * stalls does. Aborting (caller's signal, idle timeout, or the client stopping at an end-of-turn
 * token) aborts the fetch, which destroys the socket: the server sees the disconnect and can
 * cancel generation instead of filling max_tokens for nobody.
 */
import {
  ClientError,
  classifyHttpError,
  classifyNetworkError,
  serverMessageFrom,
  timeoutError,
  type ErrorContext,
} from './errors.js';

/** Thrown inside the client when the caller aborted; turned into `aborted: true`, never shown. */
export class CallerAbort extends Error {
  override readonly name = 'CallerAbort';
}

/** The idle timer's clock: injectable so tests decide when time passes instead of racing real time. */
export interface IdleTimers {
  set(onTimeout: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Real time; the idle timer alone must never keep a CLI process alive. */
export const REAL_TIMERS: IdleTimers = {
  set: (onTimeout, ms) => setTimeout(onTimeout, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ExchangeOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  accept?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  fetch: typeof fetch;
  context: ErrorContext;
  /** @default REAL_TIMERS */
  timers?: IdleTimers;
}

export class Exchange {
  readonly controller = new AbortController();
  private timer: unknown;
  private timedOut = false;
  private phase: 'connect' | 'stream' = 'connect';
  private readonly onCallerAbort = () => this.controller.abort(new CallerAbort('aborted by caller'));

  constructor(private readonly options: ExchangeOptions) {
    if (options.signal?.aborted) this.onCallerAbort();
    else options.signal?.addEventListener('abort', this.onCallerAbort, { once: true });
    this.arm();
  }

  /** Send the request; resolves with a 2xx response, otherwise throws a ClientError / CallerAbort. */
  async send(): Promise<Response> {
    const { options } = this;
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    const init: RequestInit = { method: options.method ?? 'GET', headers, signal: this.controller.signal };
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await options.fetch(options.context.url, init);
    } catch (error) {
      throw this.translate(error);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      this.close();
      throw classifyHttpError(response.status, serverMessageFrom(text), options.context);
    }
    this.arm();
    return response;
  }

  /** Read a whole JSON body (non-streaming responses). */
  async json(response: Response): Promise<{ value: unknown; text: string }> {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw this.translate(error);
    } finally {
      this.close();
    }
    try {
      return { value: JSON.parse(text) as unknown, text };
    } catch {
      throw badResponse(this.options.context, `a body that is not JSON: ${text.slice(0, 120)}`);
    }
  }

  /** Called for every stream chunk: progress resets the idle timer. */
  progress(): void {
    this.phase = 'stream';
    this.arm();
  }

  /** Stop the exchange (done, or the client decided to stop early). Idempotent. */
  close(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.options.signal?.removeEventListener('abort', this.onCallerAbort);
  }

  /** Abort the underlying connection on purpose (e.g. an end-of-turn token arrived). */
  cancel(): void {
    this.close();
    if (!this.controller.signal.aborted) this.controller.abort(new CallerAbort('stopped by client'));
  }

  get callerAborted(): boolean {
    return this.controller.signal.aborted && this.controller.signal.reason instanceof CallerAbort;
  }

  /** Map any error thrown by fetch / body reading to what the caller should see. */
  translate(error: unknown): Error {
    if (this.timedOut) return timeoutError(this.options.context, this.options.timeoutMs, this.phase);
    if (this.callerAborted) return new CallerAbort('aborted by caller');
    this.close();
    return classifyNetworkError(error, this.options.context, this.phase);
  }

  private get timers(): IdleTimers {
    return this.options.timers ?? REAL_TIMERS;
  }

  private arm(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => {
      this.timedOut = true;
      this.controller.abort(new Error('timeout'));
    }, this.options.timeoutMs);
  }
}

export function badResponse(context: ErrorContext, what: string): ClientError {
  return new ClientError('BAD_RESPONSE', `unexpected answer from ${context.url}: ${what}`, { url: context.url });
}
