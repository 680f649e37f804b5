// STAND-IN FOR TESTS: not Triton/TRT-LLM; speaks the documented protocols so the client can be tested without a GPU.
// Types for index.js (kept in JavaScript so its CLI runs on bare Node).
import type { EventEmitter } from 'node:events';

export type StandInMode = 'triton' | 'trtllm-serve' | 'openai';

export interface StandInOptions {
  /** Which server to imitate. @default "triton" */
  mode?: StandInMode;
  /** Address to bind; 0.0.0.0 / :: are refused. @default "127.0.0.1" */
  host?: string;
  /** @default 0 (a free port) */
  port?: number;
  /** Models the server knows. @default triton/openai: the inflight_batcher_llm five; trtllm-serve: ["Qwen2.5-0.5B-Instruct"] */
  models?: string[];
  /** Generated text, split into word tokens. */
  answer?: string;
  /** Put the prompt in front of the answer, special tokens and all (exclude_input_in_output=false). */
  echoPrompt?: boolean;
  /** Put the prompt in front of the answer with special tokens skipped (the seed's "system\n...assistant\n" leak). */
  leakTemplate?: boolean;
  /** Follow the answer with `<|im_end|>`, `<|im_start|>user ...` (end_id not matched to the tokenizer). */
  trailingSpecial?: boolean;
  /** Models are decoupled: /generate is refused; generate_stream streams. @default true */
  decoupled?: boolean;
  /** Readiness probes answer 200 (else 503, and requests 503). @default true */
  ready?: boolean;
  /** Reject prompts longer than this many (whitespace) tokens, as TRT-LLM does. */
  maxInputLen?: number;
  /** Reject every request as the full queue does. */
  queueFull?: boolean;
  /** OpenAI modes: answer with empty content (user-pain #17). */
  emptyContent?: boolean;
  /** Mode openai: false = frontend started without --tokenizer ("Unknown tokenizer"). @default true */
  tokenizer?: boolean;
  /** Delay between stream events. @default 0 */
  tokenDelayMs?: number;
  /** Keep streaming until the client disconnects. */
  streamForever?: boolean;
  /** Destroy the socket after this many answer tokens (server crash mid-stream). */
  dropAfterTokens?: number;
  /** Wait this long before answering generate / chat / completions (timeouts). */
  stallMs?: number;
  /** System prompt the "server-side template" injects. @default Qwen2.5's */
  defaultSystem?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Parsed JSON body, when it was JSON. */
  body: any;
  raw: string;
}

export interface StandInStats {
  streamsStarted: number;
  streamsCompleted: number;
  disconnects: number;
  tokensSent: number;
}

export interface StandInServer {
  url: string;
  host: string;
  port: number;
  mode: StandInMode;
  requests: RecordedRequest[];
  stats: StandInStats;
  events: EventEmitter;
  set(patch: Partial<StandInOptions>): void;
  waitForDisconnect(timeoutMs?: number): Promise<{ tokensSent: number }>;
  close(): Promise<void>;
}

export const DEFAULT_ANSWER: string;
export const QWEN_DEFAULT_SYSTEM: string;
export const TRAILING_SPECIAL: string[];
export function startStandInServer(options?: StandInOptions): Promise<StandInServer>;
export function countTokens(text: string): number;
export function renderChatMl(defaultSystem: string, messages: Array<{ role: string; content: string }>): string;
export function stripSpecial(text: string): string;
export function parseArgs(argv: string[]): StandInOptions;
