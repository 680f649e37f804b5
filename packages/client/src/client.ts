/**
 * `LlmClient`: one request to a Triton / trtllm-serve / OpenAI-frontend deployment, streamed or
 * not, with the answer cleaned of echoes and template junk and timed for the summary line.
 */
import type { ServeModeName } from '@trtforge/spec';
import { messagesFor, renderChat, type ChatMessage, type ChatTemplate } from './chat-template.js';
import { ClientError, classifyHttpError, type ErrorContext } from './errors.js';
import { AnswerCollector } from './answer.js';
import type { HygieneOptions } from './hygiene.js';
import { badResponse, CallerAbort, Exchange, type IdleTimers } from './http.js';
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
  /** The idle timeout's clock; injectable for tests (default: real time). */
  timers?: IdleTimers;
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
  /** The part of `warnings` about the server's answer itself: what it needed cleaning of (echo, leaked template, special tokens). */
  cleaned: string[];
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_TOKENS = 256;

interface Chunk {
  text: string;
  error?: string;
  finishReason?: string;
  completionTokens?: number;
}

/** A request ready to send. */
interface Prepared {
  kind: EndpointKind;
  url: string;
  model: string;
  stream: boolean;
  messages: ChatMessage[];
  body: Record<string, unknown>;
  /** What the client itself put in text_input / prompt. */
  sentPrompt?: string;
  hygiene: HygieneOptions;
  read: (json: unknown) => Chunk | undefined;
}

/** How the exchange ended. */
interface Outcome {
  aborted: boolean;
  sawDone: boolean;
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
    const warnings: string[] = [];
    let prepared: Prepared;
    try {
      prepared = await this.prepare(request, warnings);
    } catch (error) {
      if (error instanceof CallerAbort) return abortedBeforeStart(this.target, request, started, warnings);
      throw error;
    }
    this.warnIfLikelyTooLong(prepared.sentPrompt ?? prepared.messages.map((m) => m.content).join('\n'), warnings);

    const answer = new AnswerCollector(request.hygiene === false ? false : prepared.hygiene, request.onText);
    const outcome = await this.exchangeAnswer(prepared, request, answer);
    answer.end();
    warnings.push(...answer.warnings, ...this.outcomeWarnings(prepared, outcome, answer));

    const result: InferResult = {
      text: answer.text,
      rawText: answer.rawText,
      mode: this.target.mode,
      endpoint: prepared.kind,
      url: prepared.url,
      model: prepared.model,
      streamed: prepared.stream,
      tokensExact: outcome.completionTokens !== undefined,
      totalMs: performance.now() - started,
      aborted: outcome.aborted,
      warnings,
      cleaned: [...answer.warnings],
    };
    if (prepared.sentPrompt !== undefined) result.sentPrompt = prepared.sentPrompt;
    const tokens = outcome.completionTokens ?? (prepared.stream ? answer.answerDeltas() : undefined);
    if (tokens !== undefined) result.tokens = tokens;
    const first = answer.firstVisibleAt ?? answer.firstRawAt;
    if (first !== undefined) result.ttftMs = first - started;
    const finishReason = outcome.aborted ? 'aborted' : answer.filter?.stoppedAt ? 'stop_token' : outcome.finishReason;
    if (finishReason !== undefined) result.finishReason = finishReason;
    return result;
  }

  /** Pick the endpoint and build the body: template client-side for Triton, messages for OpenAI servers. */
  private async prepare(request: InferRequest, warnings: string[]): Promise<Prepared> {
    const chat = request.chat ?? true;
    const stream = request.stream ?? true;
    const maxTokens = request.maxTokens ?? DEFAULT_MAX_TOKENS;
    const messages = request.messages ?? messagesFor(request.prompt, request.system);
    const triton = this.target.mode === 'triton';
    const kind: EndpointKind = triton ? (stream ? 'generate_stream' : 'generate') : chat ? 'chat' : 'completions';
    const url = this.target.endpoints[kind];
    if (url === undefined) {
      // The compiler lists generate_stream only for decoupled deployments (spec `streaming: true`).
      const hint = kind === 'generate_stream' ? ' (the deployment does not stream; use --no-stream, or set `streaming: true` in the spec)' : '';
      throw new ClientError('BAD_TARGET', `the ${this.target.mode} target at ${this.target.origin} has no ${kind} endpoint${hint}`);
    }
    if (!chat && request.system) warnings.push('--system is ignored without --chat');
    const base = { kind, url, stream, messages };

    if (triton) {
      let sentPrompt = request.prompt;
      if (chat) {
        const rendered = renderChat(this.options.chatTemplate, messages);
        if (rendered.warning) warnings.push(rendered.warning);
        sentPrompt = rendered.text;
      }
      const body = kserveBody({ textInput: sentPrompt, maxTokens, stream, ...sampling(request) });
      const hygiene: HygieneOptions = chat ? { sentPrompt, messages } : { sentPrompt };
      return { ...base, model: this.target.model ?? 'ensemble', body, sentPrompt, hygiene, read: readKserve };
    }
    const model = await this.servedModel(request.signal);
    const common = { model, maxTokens, stream, ...sampling(request) };
    if (chat) return { ...base, model, body: chatBody(common, messages), hygiene: { messages }, read: readOpenAi };
    const prompt = request.prompt;
    return { ...base, model, body: completionBody(common, prompt), sentPrompt: prompt, hygiene: { sentPrompt: prompt }, read: readOpenAi };
  }

  /** Send the request and feed the answer; a caller abort ends it quietly, anything else throws. */
  private async exchangeAnswer(prepared: Prepared, request: InferRequest, answer: AnswerCollector): Promise<Outcome> {
    const context = this.context(prepared.url);
    const accept = prepared.stream ? 'text/event-stream' : 'application/json';
    const exchange = this.exchange(prepared.url, { method: 'POST', body: prepared.body, accept, signal: request.signal });
    const outcome: Outcome = { aborted: false, sawDone: false };
    try {
      const response = await exchange.send();
      if (prepared.stream) {
        await this.readStream(response, exchange, prepared, request.onRaw, answer, outcome);
      } else {
        const { value } = await exchange.json(response);
        request.onRaw?.(value);
        const chunk = prepared.read(value);
        if (chunk === undefined) throw badResponse(context, `no answer text in ${JSON.stringify(value).slice(0, 120)}`);
        this.apply(chunk, answer, outcome, context);
      }
    } catch (error) {
      const translated = error instanceof ClientError ? error : exchange.translate(error);
      exchange.cancel();
      if (!(translated instanceof CallerAbort)) throw translated;
      outcome.aborted = true;
    } finally {
      exchange.close();
    }
    return outcome;
  }

  private async readStream(
    response: Response,
    exchange: Exchange,
    prepared: Prepared,
    onRaw: InferRequest['onRaw'],
    answer: AnswerCollector,
    outcome: Outcome,
  ): Promise<void> {
    const context = this.context(prepared.url);
    if (response.body === null) throw badResponse(context, 'an empty stream');
    for await (const event of parseSse(response.body)) {
      exchange.progress();
      if (event.data === '[DONE]') {
        outcome.sawDone = true;
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        throw badResponse(context, `a stream event that is not JSON: ${event.data.slice(0, 120)}`);
      }
      onRaw?.(json);
      const chunk = prepared.read(json);
      if (chunk !== undefined) this.apply(chunk, answer, outcome, context);
      if (answer.stopped) {
        // The rest would be another turn or padding: close the connection instead of paying for it.
        exchange.cancel();
        return;
      }
    }
  }

  private apply(chunk: Chunk, answer: AnswerCollector, outcome: Outcome, context: ErrorContext): void {
    // Triton and the OpenAI servers report some failures inside a 200 response.
    if (chunk.error !== undefined) throw classifyHttpError(200, chunk.error, context);
    answer.take(chunk.text);
    if (chunk.finishReason !== undefined) outcome.finishReason = chunk.finishReason;
    if (chunk.completionTokens !== undefined) outcome.completionTokens = chunk.completionTokens;
  }

  private outcomeWarnings(prepared: Prepared, outcome: Outcome, answer: AnswerCollector): string[] {
    if (outcome.aborted) return [];
    const warnings: string[] = [];
    if (prepared.stream && this.target.mode !== 'triton' && !outcome.sawDone && !answer.stopped) {
      warnings.push('the stream ended without `data: [DONE]`; the answer may be incomplete');
    }
    if (answer.rawText === '') {
      warnings.push(
        this.target.mode === 'triton'
          ? 'the server returned no text'
          : 'the server returned empty content (user-pain #17: OpenAI frontend and ensemble/BLS config disagree on tokenizer or flags)',
      );
    }
    return warnings;
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
      ...(this.options.timers === undefined ? {} : { timers: this.options.timers }),
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

function abortedBeforeStart(target: Target, request: InferRequest, started: number, warnings: string[]): InferResult {
  const kind: EndpointKind = target.mode === 'triton' ? (request.stream === false ? 'generate' : 'generate_stream') : request.chat === false ? 'completions' : 'chat';
  return {
    text: '',
    rawText: '',
    mode: target.mode,
    endpoint: kind,
    url: target.endpoints[kind] ?? '',
    model: '',
    streamed: request.stream ?? true,
    tokensExact: false,
    totalMs: performance.now() - started,
    finishReason: 'aborted',
    aborted: true,
    warnings,
    cleaned: [],
  };
}
