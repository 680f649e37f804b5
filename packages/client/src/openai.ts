/**
 * OpenAI-compatible `/v1/chat/completions` and `/v1/completions`, as served by trtllm-serve and by
 * Triton's OpenAI frontend. Both apply the chat template server-side, so chat requests send
 * messages, never a pre-rendered prompt.
 *
 * Only fields both servers accept are sent: the frontend (r25.01) rejects n>1, logprobs,
 * logit_bias and suffix, and forwards max_tokens / temperature / top_p / stop to the model.
 */
import type { ChatMessage } from './chat-template.js';
import { messageOf } from './errors.js';

export interface OpenAiRequest {
  model: string;
  maxTokens: number;
  stream: boolean;
  temperature?: number;
  topP?: number;
  stop?: readonly string[];
}

export function chatBody(request: OpenAiRequest, messages: readonly ChatMessage[]): Record<string, unknown> {
  return { ...common(request), messages: messages.map((m) => ({ role: m.role, content: m.content })) };
}

export function completionBody(request: OpenAiRequest, prompt: string): Record<string, unknown> {
  return { ...common(request), prompt };
}

function common(request: OpenAiRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { model: request.model, max_tokens: request.maxTokens, stream: request.stream };
  if (request.temperature !== undefined) body['temperature'] = request.temperature;
  if (request.topP !== undefined) body['top_p'] = request.topP;
  if (request.stop && request.stop.length > 0) body['stop'] = [...request.stop];
  return body;
}

export interface OpenAiChunk {
  text: string;
  finishReason?: string;
  /** usage.completion_tokens when the server reports it. */
  completionTokens?: number;
  /** An error object sent in place of a chunk. */
  error?: string;
}

/**
 * Read a chat or completions response, streamed or not: `choices[0].message.content` /
 * `choices[0].delta.content` for chat, `choices[0].text` for completions.
 */
export function readOpenAi(json: unknown): OpenAiChunk | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as Record<string, unknown>;
  if ('error' in record || record['object'] === 'error') {
    return { text: '', error: messageOf(record) ?? JSON.stringify(record) };
  }
  const chunk: OpenAiChunk = { text: '' };
  const usage = record['usage'];
  if (typeof usage === 'object' && usage !== null) {
    const tokens = (usage as Record<string, unknown>)['completion_tokens'];
    if (typeof tokens === 'number') chunk.completionTokens = tokens;
  }
  const choices = record['choices'];
  if (!Array.isArray(choices)) return chunk.completionTokens === undefined ? undefined : chunk;
  const first: unknown = choices[0];
  if (typeof first !== 'object' || first === null) return chunk; // e.g. a usage-only final chunk
  const choice = first as Record<string, unknown>;
  const carrier = (choice['delta'] ?? choice['message']) as Record<string, unknown> | undefined;
  const content = carrier && typeof carrier === 'object' ? carrier['content'] : choice['text'];
  if (typeof content === 'string') chunk.text = content;
  if (typeof choice['finish_reason'] === 'string') chunk.finishReason = choice['finish_reason'];
  return chunk;
}

/** Ids listed by `GET /v1/models`. */
export function readModelIds(json: unknown): string[] {
  if (typeof json !== 'object' || json === null) return [];
  const data = (json as Record<string, unknown>)['data'];
  if (!Array.isArray(data)) return [];
  return data
    .map((item: unknown) => (typeof item === 'object' && item !== null ? (item as Record<string, unknown>)['id'] : undefined))
    .filter((id): id is string => typeof id === 'string');
}
