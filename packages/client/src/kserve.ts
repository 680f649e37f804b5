/**
 * Triton's KServe v2 generate extension, as served for the inflight_batcher_llm `ensemble` and
 * `tensorrt_llm_bls` models: `POST /v2/models/{model}/generate` (one JSON response) and
 * `.../generate_stream` (SSE, one `data:` event per decoupled response).
 *
 * Request fields are the ensemble's input tensors by name; `bad_words` / `stop_words` are sent
 * empty because the preprocessing model requires them in the version the seed used (its curl
 * call carries them too). Same payload shape as genai-perf's trtllm KServe input.
 */
import { messageOf } from './errors.js';

export interface KserveRequest {
  textInput: string;
  maxTokens: number;
  stream: boolean;
  temperature?: number;
  topP?: number;
  /** Extra words the engine stops at (converted to ids by the preprocessing model). */
  stopWords?: readonly string[];
}

export function kserveBody(request: KserveRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    text_input: request.textInput,
    max_tokens: request.maxTokens,
    bad_words: '',
    stop_words: request.stopWords && request.stopWords.length > 0 ? [...request.stopWords] : '',
    stream: request.stream,
  };
  if (request.temperature !== undefined) body['temperature'] = request.temperature;
  if (request.topP !== undefined) body['top_p'] = request.topP;
  return body;
}

export interface KserveChunk {
  /** Text carried by this response (a delta when streaming). */
  text: string;
  /** Error reported inside a 200 stream (`data: {"error": "..."}`). */
  error?: string;
}

/** Read one generate response or generate_stream event. */
export function readKserve(json: unknown): KserveChunk | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as Record<string, unknown>;
  if ('error' in record) return { text: '', error: messageOf(record) ?? JSON.stringify(record['error']) };
  const output = record['text_output'];
  // BYTES tensors come back as a string, or as a list when the model returns a batch/beam dimension.
  if (typeof output === 'string') return { text: output };
  if (Array.isArray(output) && output.every((item) => typeof item === 'string')) return { text: output.join('') };
  return undefined;
}
