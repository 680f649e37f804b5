/**
 * The one error type the runner throws for things the user can fix. The CLI prints `message`
 * (and `hint`, `details`) and exits 1 without a stack trace; anything else is a bug and keeps
 * its stack under `--debug`.
 */
export class RunnerError extends Error {
  override readonly name = 'RunnerError';
  /** Stable machine-readable code, e.g. `plan-missing`, `step-failed`. */
  readonly code: string;
  /** One line telling the user what to do next. */
  readonly hint: string | undefined;
  /** Extra lines printed under the message (a doctor report, a log tail). */
  readonly details: string[];
  /** Process exit code the CLI should use. */
  readonly exitCode: number;

  constructor(code: string, message: string, options: { hint?: string; details?: string[]; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? [];
    this.exitCode = options.exitCode ?? 1;
  }
}

export function isRunnerError(error: unknown): error is RunnerError {
  return error instanceof RunnerError;
}

/** The run was interrupted (SIGINT/SIGTERM or an AbortSignal); nothing half-done was kept. */
export class InterruptedError extends RunnerError {
  constructor(what: string) {
    super('interrupted', `interrupted during ${what}; nothing was stored, the next run starts this step again`, { exitCode: 130 });
  }
}

/** Throws {@link InterruptedError} when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new InterruptedError(what);
}
