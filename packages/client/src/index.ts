/**
 * @trtforge/client: talk to a trtforge deployment in any serve mode (Triton KServe generate,
 * trtllm-serve, Triton's OpenAI frontend) with clean answers and one-line errors.
 */
export { LlmClient, type ClientOptions, type InferRequest, type InferResult } from './client.js';
export type { IdleTimers } from './http.js';
export {
  ClientError,
  isClientError,
  classifyHttpError,
  classifyNetworkError,
  serverMessageFrom,
  type ClientErrorCode,
  type ErrorContext,
} from './errors.js';
export {
  targetFromServeStep,
  targetFromUrl,
  defaultEndpoints,
  detectMode,
  withServedModel,
  chooseServedModel,
  READY_PATH,
  SERVE_MODES,
  type Target,
  type EndpointKind,
  type ServeEndpointInfo,
} from './target.js';
export { parsePlanServe, type PlanServeInfo } from './plan.js';
export {
  parseChatTemplate,
  renderChat,
  messagesFor,
  type ChatMessage,
  type ChatTemplate,
  type RenderedPrompt,
  type RenderOptions,
  type SpecialTokens,
} from './chat-template.js';
export { loadChatTemplate } from './tokenizer-config.js';
export { AnswerFilter, cleanAnswer, STOP_TOKENS, STRIP_TOKENS, type HygieneOptions } from './hygiene.js';
export { parseSse, SseLineParser, type SseEvent } from './sse.js';
export { kserveBody, readKserve, type KserveRequest } from './kserve.js';
export { chatBody, completionBody, readOpenAi, readModelIds, type OpenAiRequest } from './openai.js';
