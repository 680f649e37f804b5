/**
 * `LlmClient`: one request to a Triton / trtllm-serve / OpenAI-frontend deployment, streamed or
 * not, with the answer cleaned of echoes and template junk and timed for the summary line.
 */
import type { ServeModeName } from '@trtforge/spec';
import { messagesFor, renderChat, type ChatMessage, type ChatTemplate } from './chat-template.js';
import { ClientError, classifyHttpError, type ErrorContext } from './errors.js';
import { AnswerFilter, type HygieneOptions } from './hygiene.js';
import { badResponse, CallerAbort, Exchange } from './http.js';
import { kserveBody, readKserve } from './kserve.js';
import { chatBody, completionBody, readModelIds, readOpenAi } from './openai.js';
import { parseSse } from './sse.js';
import { chooseServedModel, type EndpointKind, type Target } from './target.js';

export interface ClientOptions {
  target: Target;
  /**
   * Idle timeout: longest wait for the response headers and between stream chunks.
   * @default 120000
   */
  timeoutMs?: number;
  /** The model's chat template, applied client-side in mode `triton` only. */
  chatTemplate?: ChatTemplate;
  /** The engine's build-time max_input_len (from the plan), for clearer length errors. */
  maxInputLen?: number;
  /** trtforge deployment name, for `trtforge serve <name>` hints. */
  deployment?: string;
  /** Injectable for tests. */
  fetch?: typeof fetch;
}

export interface InferRequest {
  /** The user prompt. */
  prompt: string;
  /**
   * Send it as a chat turn (template applied) rather than raw text.
   * @default true
   */
  chat?: boolean;
  /** System prompt for chat requests. */
  system?: string;
  /** A whole conversation; replaces `prompt` / `system` when given. */
  messages?: ChatMessage[];
  /** @default 256 (genai-perf's default; huge values serialise requests, user-pain #24) */
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  /** @default true */
  stream?: boolean;
  /**
   * Remove echoed prompts, leaked templates and special tokens (off for `--json`).
   * @default true
   */
  hygiene?: boolean;
  /** Abort = stop cleanly: the result comes back with `aborted: true`. */
  signal?: AbortSignal;
  /** Called with each piece of cleaned answer text as it becomes printable. */
  onText?: (text: string) => void;
  /** Called with every raw JSON response / stream event. */
  onRaw?: (payload: unknown) => void;
}

export interface InferResult {
  /** The answer, cleaned (unless hygiene was off). */
  text: string;
  /** Concatenated text exactly as the server sent it. */
  rawText: string;
  mode: ServeModeName;
  endpoint: EndpointKind;
  url: string;
  /** Served model the request addressed. */
  model: string;
  /** Whether the answer was streamed. */
  streamed: boolean;
  /** `text_input` / `prompt` actually sent, when the client built it. */
  sentPrompt?: string;
  /** Number of generated tokens: exact from `usage`, else the number of stream events. */
  tokens?: number;
  tokensExact: boolean;
  /** Request start → first printable text. */
  ttftMs?: number;
  totalMs: number;
  finishReason?: string;
  /** The caller aborted: `text` holds what had arrived. */
  aborted: boolean;
  warnings: string[];
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_TOKENS = 256;

interface Chunk {
  text: string;
  error?: string;
  finishReason?: string;
  completionTokens?: number;
}

export class LlmClient {
  readonly target: Target;
  private readonly options: ClientOptions;
  private readonly fetchImpl: typeof fetch;
  private servedModelName: string | undefined;

  constructor(options: ClientOptions) {
    this.options = options;
    this.target = options.target;
    this.fetchImpl = options.fetch ?? fetch;
    this.servedModelName = options.target.model;
  }

  /** Resolves when the readiness probe answers 200; throws SERVER_NOT_RUNNING / SERVER_NOT_READY. */
  async checkReady(signal?: AbortSignal): Promise<void> {
    const response = await this.exchange(this.target.readyUrl, { method: 'GET', signal }).send();
    await response.body?.cancel();
  }

  /** The model name requests address; asks `/v1/models` in the OpenAI modes when the target doesn't say. */
  async servedModel(signal?: AbortSignal): Promise<string> {
    if (this.servedModelName !== undefined) return this.servedModelName;
    if (this.target.mode === 'triton') return (this.servedModelName = 'ensemble');
    const url = new URL('/v1/models', this.target.origin).href;
    const exchange = this.exchange(url, { method: 'GET', signal });
    const { value } = await exchange.json(await exchange.send());
    const ids = readModelIds(value);
    const chosen = chooseServedModel(ids);
    if (chosen === undefined) {
      throw new ClientError('MODEL_NOT_FOUND', `the server at ${this.target.origin} lists no text model (GET /v1/models: ${ids.join(', ') || 'none'})`, { url });
    }
    return (this.servedModelName = chosen);
  }

  async infer(request: InferRequest): Promise<InferResult> {
    const started = performance.now();
    const chat = request.chat ?? true;
    const stream = request.stream ?? true;
    const maxTokens = request.maxTokens ?? DEFAULT_MAX_TOKENS;
    const warnings: string[] = [];
    const messages = request.messages ?? messagesFor(request.prompt, request.system);
    const kind: EndpointKind = this.target.mode === 'triton' ? (stream ? 'generate_stream' : 'generate') : chat ? 'chat' : 'completions';
    const url = this.target.endpoints[kind];
    if (url === undefined) {
      throw new ClientError('BAD_TARGET', `the ${this.target.mode} target at ${this.target.origin} has no ${kind} endpoint in the plan`);
    }

    let model: string;
    let body: Record<string, unknown>;
    let sentPrompt: string | undefined;
    let hygiene: HygieneOptions;
    let read: (json: unknown) => Chunk | undefined;
    if (this.target.mode === 'triton') {
      model = this.target.model ?? 'ensemble';
      if (chat) {
        const rendered = renderChat(this.options.chatTemplate, messages);
        if (rendered.warning) warnings.push(rendered.warning);
        sentPrompt = rendered.text;
      } else {
        if (request.system) warnings.push('--system is ignored without --chat');
        sentPrompt = request.prompt;
      }
      body = kserveBody({ textInput: sentPrompt, maxTokens, stream, ...sampling(request) });
      hygiene = chat ? { sentPrompt, messages } : { sentPrompt };
      read = readKserve;
    } else {
      try {
        model = await this.servedModel(request.signal);
      } catch (error) {
        if (error instanceof CallerAbort) return abortedBeforeStart(this.target.mode, kind, url, started, warnings);
        throw error;
      }
      const common = { model, maxTokens, stream, ...sampling(request) };
      if (chat) {
        body = chatBody(common, messages);
        hygiene = { messages };
      } else {
        if (request.system) warnings.push('--system is ignored without --chat');
        sentPrompt = request.prompt;
        body = completionBody(common, sentPrompt);
        hygiene = { sentPrompt };
      }
      read = readOpenAi;
    }
    this.warnIfLikelyTooLong(sentPrompt ?? messages.map((m) => m.content).join('\n'), warnings);

    const context = this.context(url);
    const exchange = this.exchange(url, { method: 'POST', body, accept: stream ? 'text/event-stream' : 'application/json', signal: request.signal });
    const filter = request.hygiene === false ? undefined : new AnswerFilter(hygiene);
    const state = { text: '', rawText: '', deltas: 0, firstVisible: undefined as number | undefined, firstRaw: undefined as number | undefined };
    const emit = (piece: string) => {
      if (piece === '') return;
      state.firstVisible ??= performance.now();
      state.text += piece;
      request.onText?.(piece);
    };
    const take = (chunk: Chunk) => {
      if (chunk.text === '') return;
      state.firstRaw ??= performance.now();
      state.deltas++;
      state.rawText += chunk.text;
      emit(filter ? filter.push(chunk.text) : chunk.text);
    };

    let aborted = false;
    let finishReason: string | undefined;
    let completionTokens: number | undefined;
    let sawDone = false;
    try {
      const response = await exchange.send();
      if (!stream) {
        const { value } = await exchange.json(response);
        request.onRaw?.(value);
        const chunk = read(value);
        if (chunk === undefined) throw badResponse(context, `no ${this.target.mode === 'triton' ? 'text_output' : 'choices'} in ${JSON.stringify(value).slice(0, 120)}`);
        if (chunk.error !== undefined) throw classifyHttpError(200, chunk.error, context);
        take(chunk);
        finishReason = chunk.finishReason;
        completionTokens = chunk.completionTokens;
      } else {
        if (response.body === null) throw badResponse(context, 'an empty stream');
        for await (const event of parseSse(response.body)) {
          exchange.progress();
          if (event.data === '[DONE]') {
            sawDone = true;
            break;
          }
          let json: unknown;
          try {
            json = JSON.parse(event.data);
          } catch {
            throw badResponse(context, `a stream event that is not JSON: ${event.data.slice(0, 120)}`);
          }
          request.onRaw?.(json);
          const chunk = read(json);
          if (chunk === undefined) continue;
          if (chunk.error !== undefined) throw classifyHttpError(200, chunk.error, context);
          take(chunk);
          finishReason = chunk.finishReason ?? finishReason;
          completionTokens = chunk.completionTokens ?? completionTokens;
          if (filter?.stopped) {
            // The rest would be another turn or padding: stop paying for it.
            exchange.cancel();
            break;
          }
        }
      }
    } catch (error) {
      const translated = error instanceof ClientError ? error : exchange.translate(error);
      exchange.cancel();
      if (!(translated instanceof CallerAbort)) throw translated;
      aborted = true;
    } finally {
      exchange.close();
    }
    if (filter) emit(filter.end());

    if (filter) warnings.push(...filter.warnings);
    if (stream && !aborted && !filter?.stopped && this.target.mode !== 'triton' && !sawDone) {
      warnings.push('the stream ended without `data: [DONE]`; the answer may be incomplete');
    }
    if (!aborted && state.rawText === '') {
      warnings.push(
        this.target.mode === 'triton'
          ? 'the server returned no text'
          : 'the server returned empty content (user-pain #17: OpenAI frontend and ensemble/BLS config disagree on tokenizer or flags)',
      );
    }
    if (filter?.stoppedAt) finishReason = 'stop_token';
    if (aborted) finishReason = 'aborted';

    const result: InferResult = {
      text: state.text,
      rawText: state.rawText,
      mode: this.target.mode,
      endpoint: kind,
      url,
      model,
      streamed: stream,
      tokensExact: completionTokens !== undefined,
      totalMs: performance.now() - started,
      aborted,
      warnings,
    };
    if (sentPrompt !== undefined) result.sentPrompt = sentPrompt;
    const tokens = completionTokens ?? (stream ? state.deltas : undefined);
    if (tokens !== undefined) result.tokens = tokens;
    const first = state.firstVisible ?? state.firstRaw;
    if (first !== undefined) result.ttftMs = first - started;
    if (finishReason !== undefined) result.finishReason = finishReason;
    return result;
  }

  /**
   * Without the model's tokenizer the client can't count tokens; ~4 characters per token is
   * generous for English and low for CJK, so this only warns, and the server has the last word.
   */
  private warnIfLikelyTooLong(prompt: string, warnings: string[]): void {
    const limit = this.options.maxInputLen;
    if (limit === undefined) return;
    const estimate = Math.ceil(prompt.length / 4);
    if (estimate > limit) {
      warnings.push(`the prompt is roughly ${estimate} tokens (4 chars/token estimate) and the engine's max_input_len is ${limit}; the server will likely reject it`);
    }
  }

  private context(url: string): ErrorContext {
    const context: ErrorContext = { origin: this.target.origin, url };
    const model = this.servedModelName ?? this.target.model;
    if (model !== undefined) context.model = model;
    if (this.options.deployment !== undefined) context.deployment = this.options.deployment;
    if (this.options.maxInputLen !== undefined) context.maxInputLen = this.options.maxInputLen;
    return context;
  }

  private exchange(url: string, init: { method: 'GET' | 'POST'; body?: unknown; accept?: string; signal?: AbortSignal | undefined }): Exchange {
    return new Exchange({
      method: init.method,
      body: init.body,
      ...(init.accept === undefined ? {} : { accept: init.accept }),
      ...(init.signal === undefined ? {} : { signal: init.signal }),
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      fetch: this.fetchImpl,
      context: this.context(url),
    });
  }
}

function sampling(request: InferRequest): { temperature?: number; topP?: number; stop?: string[]; stopWords?: string[] } {
  const out: { temperature?: number; topP?: number; stop?: string[]; stopWords?: string[] } = {};
  if (request.temperature !== undefined) out.temperature = request.temperature;
  if (request.topP !== undefined) out.topP = request.topP;
  if (request.stop !== undefined) {
    out.stop = request.stop;
    out.stopWords = request.stop;
  }
  return out;
}

function abortedBeforeStart(mode: ServeModeName, endpoint: EndpointKind, url: string, started: number, warnings: string[]): InferResult {
  return {
    text: '',
    rawText: '',
    mode,
    endpoint,
    url,
    model: '',
    streamed: false,
    tokensExact: false,
    totalMs: performance.now() - started,
    finishReason: 'aborted',
    aborted: true,
    warnings,
  };
}
