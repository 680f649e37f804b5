/**
 * One typed error for everything that can go wrong between `trtforge infer` and a server.
 *
 * Triton, trtllm-serve and Triton's OpenAI frontend report the same few failures in different
 * words and status codes (user-pain #7, #9, #19, #34); this module maps them onto one `code` and
 * a one-line message that says what to do next.
 */

export type ClientErrorCode =
  /** Nothing listens at the address (connection refused, host unknown). */
  | 'SERVER_NOT_RUNNING'
  /** Something listens but answers 503 / readiness fails (models still loading). */
  | 'SERVER_NOT_READY'
  /** The model name is unknown to the server, or failed to load. */
  | 'MODEL_NOT_FOUND'
  /** Admission control rejected the request (Triton or executor queue full, HTTP 429). */
  | 'QUEUE_FULL'
  /** The prompt exceeds the engine's build-time max_input_len. */
  | 'PROMPT_TOO_LONG'
  /** Non-streaming request to a decoupled model (user-pain #9). */
  | 'DECOUPLED_NEEDS_STREAM'
  /** Streaming request to a model that is not decoupled (user-pain #7, #8). */
  | 'STREAM_NEEDS_DECOUPLED'
  /** The OpenAI frontend was started without a tokenizer, so it cannot apply a chat template. */
  | 'CHAT_UNSUPPORTED'
  /** No response (or no stream progress) within the timeout. */
  | 'TIMEOUT'
  /** The server dropped the connection in the middle of a streamed answer. */
  | 'STREAM_INTERRUPTED'
  /** The server answered with something that is not the documented protocol. */
  | 'BAD_RESPONSE'
  /** The target could not be determined (bad --url / --mode, unusable plan). */
  | 'BAD_TARGET'
  /** The model's chat template is unusable: it does not parse, raises on the conversation, or the file names none. */
  | 'BAD_CHAT_TEMPLATE'
  /** Any other HTTP error. */
  | 'HTTP_ERROR';

export interface ClientErrorDetails {
  url?: string;
  status?: number;
  /** The server's own message, verbatim (single line). */
  serverMessage?: string;
  cause?: unknown;
}

export class ClientError extends Error {
  override readonly name = 'ClientError';
  readonly code: ClientErrorCode;
  readonly url: string | undefined;
  readonly status: number | undefined;
  readonly serverMessage: string | undefined;

  constructor(code: ClientErrorCode, message: string, details: ClientErrorDetails = {}) {
    // One line, always: the CLI prints `message` as-is and nothing else.
    super(oneLine(message), details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.url = details.url;
    this.status = details.status;
    this.serverMessage = details.serverMessage;
  }
}

export function isClientError(value: unknown): value is ClientError {
  return value instanceof ClientError;
}

/** What the classifier knows about the request, to phrase the message. */
export interface ErrorContext {
  /** `http://host:port` of the server. */
  origin: string;
  url: string;
  /** Served model name (Triton model or OpenAI model id). */
  model?: string;
  /** trtforge deployment name, for `trtforge serve <name>` hints. */
  deployment?: string;
  /** The engine's build-time max_input_len, when the plan says. */
  maxInputLen?: number;
  /** Whether the failing request asked for a stream. */
  stream?: boolean;
}

const DECOUPLED_UNARY = /doesn't support models with decoupled transaction policy|expects? (the )?model to produce exactly 1 response/i;
const NOT_DECOUPLED = /streaming is only supported if model is deployed using decoupled mode|requires? (the )?models? to be decoupled/i;
const QUEUE_FULL = /exceeds maximum queue size|maximum queue size of \d+ has been reached|queue (is )?full|too many (pending|queued) requests/i;
// TRT-LLM phrases it "Prompt length (N) exceeds maximum input length (M)" (and "... maximum sequence
// length (M)" in older releases, user-pain #19); the LLM API says "... should not exceed max_num_tokens (M)".
const PROMPT_TOO_LONG = /prompt length \((\d+)\)[^()]*?(?:exceeds|should not exceed)[^()]*\((\d+)\)/i;
const UNKNOWN_MODEL = /request for unknown model|unknown model|model .* (is not found|does not exist)|has no available versions/i;
const UNKNOWN_TOKENIZER = /unknown tokenizer/i;

/** Map an HTTP error (or an error event inside a 200 stream) to a ClientError. */
export function classifyHttpError(status: number, serverMessage: string, ctx: ErrorContext): ClientError {
  const details: ClientErrorDetails = { url: ctx.url, status, serverMessage };
  const quoted = serverMessage ? `: "${truncate(serverMessage, 160)}"` : '';
  const model = ctx.model ? `'${ctx.model}'` : 'the model';
  const serveHint = `\`trtforge serve ${ctx.deployment ?? '<model>'}\``;

  if (DECOUPLED_UNARY.test(serverMessage)) {
    return new ClientError(
      'DECOUPLED_NEEDS_STREAM',
      `${model} is decoupled (streaming), so the non-streaming /generate endpoint cannot serve it${quoted}; use --stream (generate_stream)`,
      details,
    );
  }
  if (NOT_DECOUPLED.test(serverMessage)) {
    return new ClientError(
      'STREAM_NEEDS_DECOUPLED',
      `${model} is not decoupled, so it cannot stream${quoted}; use --no-stream, or set \`streaming: true\` in the spec and recompile`,
      details,
    );
  }
  const tooLong = PROMPT_TOO_LONG.exec(serverMessage);
  if (tooLong) {
    const limit = ctx.maxInputLen !== undefined ? ` (the plan builds max_input_len ${ctx.maxInputLen})` : '';
    return new ClientError(
      'PROMPT_TOO_LONG',
      `prompt is too long for the engine: ${tooLong[1]} tokens > limit ${tooLong[2]}${limit}; shorten it, or raise context.maxInputTokens in the spec and rebuild`,
      details,
    );
  }
  if (QUEUE_FULL.test(serverMessage) || status === 429) {
    return new ClientError(
      'QUEUE_FULL',
      `server at ${ctx.origin} rejected the request because its queue is full${quoted}; retry later or raise the queue size in the spec`,
      details,
    );
  }
  if (UNKNOWN_TOKENIZER.test(serverMessage)) {
    return new ClientError(
      'CHAT_UNSUPPORTED',
      `server at ${ctx.origin} cannot apply a chat template${quoted} (OpenAI frontend started without --tokenizer); use --no-chat`,
      details,
    );
  }
  if (UNKNOWN_MODEL.test(serverMessage)) {
    return new ClientError(
      'MODEL_NOT_FOUND',
      `model ${model} is not loaded on the server at ${ctx.origin}${quoted}; check --served-model or the server log`,
      details,
    );
  }
  if (status === 503) {
    return new ClientError(
      'SERVER_NOT_READY',
      `server at ${ctx.origin} is not ready (HTTP 503${quoted}); wait until ${serveHint} reports ready`,
      details,
    );
  }
  if (status === 404) {
    return new ClientError(
      'HTTP_ERROR',
      `HTTP 404 from ${ctx.url}${quoted}; the server does not serve this endpoint (wrong --mode or --served-model?)`,
      details,
    );
  }
  return new ClientError('HTTP_ERROR', `HTTP ${status} from ${ctx.url}${quoted || ' (no message)'}`, details);
}

/** Map a fetch()/undici failure (no HTTP response) to a ClientError. */
export function classifyNetworkError(error: unknown, ctx: ErrorContext, phase: 'connect' | 'stream'): ClientError {
  const code = findErrorCode(error);
  const serveHint = `\`trtforge serve ${ctx.deployment ?? '<model>'}\``;
  if (code === 'ECONNREFUSED') {
    return new ClientError(
      'SERVER_NOT_RUNNING',
      `server at ${ctx.origin} is not running; start it with ${serveHint}`,
      { url: ctx.url, cause: error },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ClientError('SERVER_NOT_RUNNING', `cannot resolve the host of ${ctx.origin}; check --url`, {
      url: ctx.url,
      cause: error,
    });
  }
  const what = describeCause(error);
  if (phase === 'stream') {
    return new ClientError(
      'STREAM_INTERRUPTED',
      `server at ${ctx.origin} closed the connection in the middle of the answer (${what})`,
      { url: ctx.url, cause: error },
    );
  }
  return new ClientError('SERVER_NOT_RUNNING', `cannot reach the server at ${ctx.origin} (${what}); is ${serveHint} running?`, {
    url: ctx.url,
    cause: error,
  });
}

export function timeoutError(ctx: ErrorContext, timeoutMs: number, phase: 'connect' | 'stream'): ClientError {
  const seconds = Math.round(timeoutMs / 100) / 10;
  const what = phase === 'stream' ? 'no new tokens' : 'no response';
  return new ClientError(
    'TIMEOUT',
    `${what} from ${ctx.url} within ${seconds}s; raise --timeout or check the server log`,
    { url: ctx.url },
  );
}

/** Pull the server's message out of the error bodies the three servers produce. */
export function serverMessageFrom(body: string): string {
  const text = body.trim();
  if (!text) return '';
  try {
    const json: unknown = JSON.parse(text);
    const found = messageOf(json);
    if (found) return oneLine(found);
  } catch {
    // Not JSON (a proxy's HTML page, plain text): fall through to the raw text.
  }
  return truncate(oneLine(text), 300);
}

/** The message in `{error: "..."}` (Triton), `{error: {message}}` (OpenAI), `{message}` / `{object: "error", message}` (trtllm-serve), `{detail}` (FastAPI). */
export function messageOf(json: unknown): string | undefined {
  if (typeof json === 'string') return json;
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as Record<string, unknown>;
  if (typeof record['error'] === 'string') return record['error'];
  if (typeof record['error'] === 'object' && record['error'] !== null) return messageOf(record['error']);
  if (typeof record['message'] === 'string') return record['message'];
  const detail = record['detail'];
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    // FastAPI validation errors: [{loc, msg, type}, ...]
    return detail
      .map((item) => (typeof item === 'object' && item !== null ? String((item as Record<string, unknown>)['msg'] ?? '') : String(item)))
      .filter(Boolean)
      .join('; ');
  }
  return undefined;
}

function findErrorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof record.code === 'string' && record.code.startsWith('E')) return record.code;
  // Node's happy-eyeballs connect yields an AggregateError (one ECONNREFUSED per address).
  if (Array.isArray(record.errors)) {
    for (const inner of record.errors) {
      const code = findErrorCode(inner, depth + 1);
      if (code) return code;
    }
  }
  return findErrorCode(record.cause, depth + 1);
}

function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let i = 0; i < 4 && typeof current === 'object' && current !== null; i++) {
    const record = current as { message?: unknown; code?: unknown; cause?: unknown };
    const piece = [typeof record.code === 'string' ? record.code : '', typeof record.message === 'string' ? record.message : '']
      .filter(Boolean)
      .join(' ');
    if (piece && !parts.includes(piece)) parts.push(piece);
    current = record.cause;
  }
  return oneLine(parts.join(': ') || String(error));
}

export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
