import { describe, expect, it } from 'vitest';
import { ClientError, classifyHttpError, classifyNetworkError, serverMessageFrom, type ClientErrorCode } from '../src/index.js';

const ctx = { origin: 'http://127.0.0.1:8000', url: 'http://127.0.0.1:8000/v2/models/ensemble/generate', model: 'ensemble', deployment: 'qwen2.5-0.5b' };

describe('classifyHttpError', () => {
  // The servers' own words (Triton 25.01, TRT-LLM 0.17, the OpenAI frontend) → one code each.
  const cases: Array<[number, string, ClientErrorCode]> = [
    [400, "HTTP end point doesn't support models with decoupled transaction policy", 'DECOUPLED_NEEDS_STREAM'],
    [400, 'expects model to produce exactly 1 response', 'DECOUPLED_NEEDS_STREAM'],
    [200, 'Streaming is only supported if model is deployed using decoupled mode.', 'STREAM_NEEDS_DECOUPLED'],
    [503, 'Exceeds maximum queue size', 'QUEUE_FULL'],
    [429, 'Maximum queue size of 4 has been reached, rejecting request', 'QUEUE_FULL'],
    [400, "in ensemble 'ensemble', Prompt length (12) exceeds maximum input length (5). Set log level to info", 'PROMPT_TOO_LONG'],
    [400, 'Prompt length (3000) exceeds maximum sequence length (2048)', 'PROMPT_TOO_LONG'],
    [400, "Request for unknown model: 'foo' is not found", 'MODEL_NOT_FOUND'],
    [404, "Request for unknown model: 'ensemble' has no available versions", 'MODEL_NOT_FOUND'],
    [400, 'Unknown model: foo', 'MODEL_NOT_FOUND'],
    [500, 'Unknown tokenizer', 'CHAT_UNSUPPORTED'],
    [503, '', 'SERVER_NOT_READY'],
    [500, 'boom', 'HTTP_ERROR'],
  ];
  it.each(cases)('HTTP %i "%s" → %s', (status, message, code) => {
    const error = classifyHttpError(status, message, ctx);
    expect(error).toBeInstanceOf(ClientError);
    expect(error.code).toBe(code);
    expect(error.message).not.toMatch(/\n/);
  });

  it('states both lengths and the plan limit for a too-long prompt', () => {
    const error = classifyHttpError(400, 'Prompt length (12) exceeds maximum input length (5).', { ...ctx, maxInputLen: 5 });
    expect(error.message).toBe(
      'prompt is too long for the engine: 12 tokens > limit 5 (the plan builds max_input_len 5); shorten it, or raise context.maxInputTokens in the spec and rebuild',
    );
  });
});

describe('classifyNetworkError', () => {
  it('turns ECONNREFUSED (also inside an AggregateError) into "not running" with the serve hint', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const fetchError = new TypeError('fetch failed', { cause: new AggregateError([refused, refused]) });
    const error = classifyNetworkError(fetchError, ctx, 'connect');
    expect(error.code).toBe('SERVER_NOT_RUNNING');
    expect(error.message).toBe('server at http://127.0.0.1:8000 is not running; start it with `trtforge serve qwen2.5-0.5b`');
  });
});

describe('serverMessageFrom', () => {
  it.each([
    ['{"error":"triton says"}', 'triton says'],
    ['{"object":"error","message":"trtllm-serve says","code":400}', 'trtllm-serve says'],
    ['{"detail":"frontend says"}', 'frontend says'],
    ['{"error":{"message":"openai says"}}', 'openai says'],
    ['<html>\n<body>Bad Gateway</body>\n</html>', '<html> <body>Bad Gateway</body> </html>'],
  ])('%s → %s', (body, message) => {
    expect(serverMessageFrom(body)).toBe(message);
  });
});
