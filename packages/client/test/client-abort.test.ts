/** Stopping mid-stream: the caller aborts (Ctrl-C) or the client stops at an end-of-turn token. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANSWER } from '../../../test/stand-ins/llm-server/index.js';
import { clientFor, standIn } from './helpers.js';

describe('client disconnect mid-stream', () => {
  it.each(['triton', 'trtllm-serve', 'openai'] as const)('%s: abort after k tokens stops cleanly and the server sees the socket close', async (mode) => {
    // GIVEN a server that would stream forever
    const server = await standIn({ mode, streamForever: true, tokenDelayMs: 10 });
    const controller = new AbortController();
    const k = 3;
    let received = 0;
    const disconnected = server.waitForDisconnect(5000);
    // WHEN the caller aborts after k tokens
    const result = await clientFor(server).infer({
      prompt: 'Hi',
      chat: mode !== 'triton',
      signal: controller.signal,
      onText: () => {
        if (++received === k) controller.abort();
      },
    });
    // THEN infer resolves (no throw, no hang) with what had arrived
    expect(result.aborted).toBe(true);
    expect(result.finishReason).toBe('aborted');
    expect(result.text).toBe((DEFAULT_ANSWER.match(/\s*\S+/g) ?? []).slice(0, k).join(''));
    // AND the server noticed the disconnect and stopped generating
    const { tokensSent } = await disconnected;
    expect(server.stats.disconnects).toBe(1);
    expect(tokensSent).toBeLessThan(k + 20);
    const sentAtDisconnect = server.stats.tokensSent;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(server.stats.tokensSent).toBe(sentAtDisconnect);
  });

  it('an abort before the response arrives also resolves as aborted', async () => {
    // GIVEN a server that holds the response headers back
    const server = await standIn({ mode: 'triton', stallMs: 1000 });
    const controller = new AbortController();
    const pending = clientFor(server).infer({ prompt: 'Hi', chat: false, signal: controller.signal });
    // WHEN the caller aborts once the server has the request (an event, not a delay)
    while (!server.requests.some((r) => r.path.includes('generate'))) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    // THEN it resolves as aborted with nothing (a client that waited for the answer would get text)
    expect(await pending).toMatchObject({ aborted: true, text: '' });
  });

  it('an already-aborted signal never reaches the server', async () => {
    const server = await standIn({ mode: 'openai' });
    const result = await clientFor(server).infer({ prompt: 'Hi', signal: AbortSignal.abort() });
    expect(result.aborted).toBe(true);
    expect(server.requests.filter((r) => r.path.startsWith('/v1/chat'))).toHaveLength(0);
  });

  it('stopping at <|im_end|> closes the connection instead of draining the rest', async () => {
    const server = await standIn({ mode: 'triton', trailingSpecial: true, tokenDelayMs: 30 });
    const disconnected = server.waitForDisconnect(5000);
    const result = await clientFor(server).infer({ prompt: 'Hi', chat: false, maxTokens: 100 });
    expect(result).toMatchObject({ text: DEFAULT_ANSWER, finishReason: 'stop_token', aborted: false, tokens: 10 });
    await disconnected;
    expect(server.stats.streamsCompleted).toBe(0);
  });
});
