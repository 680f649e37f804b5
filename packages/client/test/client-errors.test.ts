/** Every failure the brief lists, reproduced on the stand-in: a typed code and one clear line. */
import { describe, expect, it } from 'vitest';
import { ClientError, LlmClient, targetFromUrl, type ClientErrorCode, type InferRequest } from '../src/index.js';
import { DEFAULT_ANSWER } from '../../../test/stand-ins/llm-server/index.js';
import { clientFor, closedPort, standIn } from './helpers.js';
import { gatedFetch, ManualTimers } from './manual-time.js';

async function failure(promise: Promise<unknown>): Promise<ClientError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClientError);
  const clientError = error as ClientError;
  expect(clientError.message).not.toMatch(/\n/);
  return clientError;
}

const ask: InferRequest = { prompt: 'Hello there', chat: false };

describe('server not running / not ready', () => {
  it.each(['triton', 'trtllm-serve', 'openai'] as const)('%s: connection refused → SERVER_NOT_RUNNING with the serve hint', async (mode) => {
    const port = await closedPort();
    const client = new LlmClient({ target: targetFromUrl(`http://127.0.0.1:${port}`, mode, 'ensemble'), deployment: 'qwen2.5-0.5b', timeoutMs: 5000 });
    const error = await failure(client.infer({ ...ask, chat: true }));
    expect(error.code).toBe('SERVER_NOT_RUNNING');
    expect(error.message).toBe(`server at http://127.0.0.1:${port} is not running; start it with \`trtforge serve qwen2.5-0.5b\``);
  });

  it.each(['triton', 'trtllm-serve', 'openai'] as const)('%s: 503 while loading → SERVER_NOT_READY; checkReady says the same', async (mode) => {
    const server = await standIn({ mode, ready: false, models: ['ensemble'] });
    const client = clientFor(server, { target: targetFromUrl(server.url, mode, 'ensemble') });
    expect((await failure(client.infer(ask))).code).toBe('SERVER_NOT_READY');
    expect((await failure(client.checkReady())).code).toBe('SERVER_NOT_READY');
    server.set({ ready: true });
    await expect(client.checkReady()).resolves.toBeUndefined();
  });
});

describe('model not loaded', () => {
  it('triton: "Request for unknown model" → MODEL_NOT_FOUND', async () => {
    const server = await standIn({ mode: 'triton' });
    const client = new LlmClient({ target: targetFromUrl(server.url, 'triton', 'llama'), timeoutMs: 5000 });
    const error = await failure(client.infer(ask));
    expect(error.code).toBe('MODEL_NOT_FOUND');
    expect(error.message).toBe(
      `model 'llama' is not loaded on the server at ${server.url}: "Request for unknown model: 'llama' is not found"; check --served-model or the server log`,
    );
  });

  it('openai frontend: "Unknown model" → MODEL_NOT_FOUND', async () => {
    const server = await standIn({ mode: 'openai' });
    const client = new LlmClient({ target: targetFromUrl(server.url, 'openai', 'llama'), timeoutMs: 5000 });
    expect((await failure(client.infer(ask))).code).toBe('MODEL_NOT_FOUND');
  });

  it('openai frontend without --tokenizer → CHAT_UNSUPPORTED', async () => {
    const server = await standIn({ mode: 'openai', tokenizer: false });
    expect((await failure(clientFor(server).infer({ ...ask, chat: true }))).code).toBe('CHAT_UNSUPPORTED');
  });
});

describe('queue full', () => {
  it.each([
    ['triton', 'Exceeds maximum queue size'],
    ['trtllm-serve', 'Maximum queue size of 4 has been reached'],
    ['openai', 'Exceeds maximum queue size'],
  ] as const)('%s → QUEUE_FULL', async (mode, serverWords) => {
    const server = await standIn({ mode, queueFull: true });
    const error = await failure(clientFor(server).infer(ask));
    expect(error.code).toBe('QUEUE_FULL');
    expect(error.serverMessage).toContain(serverWords);
  });
});

describe('prompt longer than the engine allows', () => {
  it.each(['triton', 'trtllm-serve', 'openai'] as const)('%s → PROMPT_TOO_LONG naming both lengths and the plan limit', async (mode) => {
    const server = await standIn({ mode, maxInputLen: 5 });
    const client = clientFor(server, { maxInputLen: 5 });
    const error = await failure(client.infer({ prompt: 'one two three four five six seven', chat: false }));
    expect(error.code).toBe('PROMPT_TOO_LONG');
    expect(error.message).toMatch(/^prompt is too long for the engine: 7 tokens > limit 5 \(the plan builds max_input_len 5\)/);
  });

  it('warns before sending when the prompt is clearly over the plan limit', async () => {
    const server = await standIn({ mode: 'triton' });
    const result = await clientFor(server, { maxInputLen: 4 }).infer({ prompt: 'x'.repeat(100), chat: false });
    expect(result.warnings.join()).toMatch(/max_input_len is 4/);
  });
});

describe('decoupled mismatch (user-pain #7, #9)', () => {
  it('non-streaming /generate on a decoupled model → DECOUPLED_NEEDS_STREAM telling the user to stream', async () => {
    const server = await standIn({ mode: 'triton', decoupled: true });
    const error = await failure(clientFor(server).infer({ ...ask, stream: false }));
    expect(error.code).toBe('DECOUPLED_NEEDS_STREAM');
    expect(error.message).toMatch(/use --stream \(generate_stream\)$/);
  });

  it.each(['triton', 'openai'] as const)('%s: streaming from a model that is not decoupled → STREAM_NEEDS_DECOUPLED', async (mode) => {
    const server = await standIn({ mode, decoupled: false });
    const error = await failure(clientFor(server).infer({ ...ask, stream: true }));
    expect(error.code).toBe('STREAM_NEEDS_DECOUPLED');
    expect(error.message).toMatch(/use --no-stream/);
  });
});

describe('timeouts and broken streams', () => {
  // The idle clock is the test's (ManualTimers): time passes only in clock.advance, so a busy
  // machine can neither fire the timeout early nor let a stall go unnoticed.
  it('no response within the timeout → TIMEOUT', async () => {
    const server = await standIn({ mode: 'triton', stallMs: 2000 });
    const clock = new ManualTimers();
    const pending = failure(clientFor(server, { timeoutMs: 200, timers: clock }).infer(ask));
    // WHEN 200 ms pass with no response headers
    await clock.armedAtLeast(1);
    clock.advance(199);
    clock.advance(1);
    const error = await pending;
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/no response from .* within 0\.2s/);
  });

  it('a stream that stalls between tokens → TIMEOUT (idle, not total)', async () => {
    const server = await standIn({ mode: 'trtllm-serve', tokenDelayMs: 1 });
    const clock = new ManualTimers();
    const gate = gatedFetch();
    const pending = failure(clientFor(server, { timeoutMs: 250, timers: clock, fetch: gate.fetch }).infer(ask));
    // GIVEN the headers and a first token arrived
    await clock.armedAtLeast(2);
    while (clock.arms < 3) await gate.release();
    // WHEN the next chunk is 250 ms late
    clock.advance(250);
    const error = await pending;
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/^no new tokens/);
  });

  it('a slow but steady stream does not time out', async () => {
    const server = await standIn({ mode: 'triton', tokenDelayMs: 1 });
    const clock = new ManualTimers();
    const gate = gatedFetch();
    let settled = false;
    const pending = clientFor(server, { timeoutMs: 300, timers: clock, fetch: gate.fetch }).infer(ask).finally(() => (settled = true));
    await clock.armedAtLeast(2); // request sent, headers in
    // WHEN every stream event arrives 250 ms after the previous one, until the answer is complete
    let events = 0;
    while (!settled) {
      clock.advance(250);
      const arms = clock.arms;
      while (clock.arms === arms && !settled) await Promise.race([gate.release(), pending.catch(() => undefined)]);
      events++;
    }
    // THEN it completes, although it took longer than the timeout in total
    const result = await pending;
    expect(result.text).toBe(DEFAULT_ANSWER);
    expect(events).toBeGreaterThan(2);
    expect(clock.now).toBeGreaterThan(300);
  });

  it.each(['triton', 'openai'] as const)('%s: the server dies mid-stream → STREAM_INTERRUPTED', async (mode) => {
    const server = await standIn({ mode, dropAfterTokens: 3, tokenDelayMs: 5 });
    const error = await failure(clientFor(server).infer({ ...ask, chat: mode === 'openai' }));
    expect(error.code satisfies ClientErrorCode).toBe('STREAM_INTERRUPTED');
  });
});
