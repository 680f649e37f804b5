/** The client against the stand-in, in every serve mode: requests on the wire and clean answers. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANSWER, QWEN_DEFAULT_SYSTEM } from '../../../test/stand-ins/llm-server/index.js';
import { LlmClient, loadChatTemplate, targetFromUrl, type ChatTemplate } from '../src/index.js';
import { clientFor, pieces, standIn } from './helpers.js';

const QWEN_DIR = fileURLToPath(new URL('./fixtures/qwen2.5-0.5b-instruct/', import.meta.url));
const qwen = async (): Promise<ChatTemplate> => (await loadChatTemplate(QWEN_DIR)) as ChatTemplate;
const TOKENS = DEFAULT_ANSWER.match(/\s*\S+/g) ?? [];

describe('mode triton (KServe v2 generate)', () => {
  it('generate: sends the documented body and prints text_output', async () => {
    // GIVEN a non-decoupled ensemble
    const server = await standIn({ mode: 'triton', decoupled: false });
    // WHEN a raw prompt is sent without streaming
    const result = await clientFor(server).infer({ prompt: 'Hello', chat: false, stream: false, maxTokens: 64, temperature: 0 });
    // THEN the body is the seed's curl payload plus stream=false
    expect(server.requests.at(-1)).toMatchObject({
      path: '/v2/models/ensemble/generate',
      body: { text_input: 'Hello', max_tokens: 64, bad_words: '', stop_words: '', stream: false, temperature: 0 },
    });
    expect(result).toMatchObject({ text: DEFAULT_ANSWER, endpoint: 'generate', model: 'ensemble', streamed: false, aborted: false, warnings: [] });
  });

  it('generate_stream: prints token by token', async () => {
    const server = await standIn({ mode: 'triton' });
    const out = pieces();
    const result = await clientFor(server).infer({ prompt: 'Hello', chat: false, stream: true, onText: out.onText });
    expect(server.requests.at(-1)).toMatchObject({ path: '/v2/models/ensemble/generate_stream', body: { stream: true } });
    expect(out.list).toEqual(TOKENS);
    expect(result).toMatchObject({ text: DEFAULT_ANSWER, tokens: TOKENS.length, tokensExact: false, streamed: true });
    expect(result.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it('chat: applies the Qwen2.5 template client-side before text_input', async () => {
    const server = await standIn({ mode: 'triton' });
    await clientFor(server, { chatTemplate: await qwen() }).infer({ prompt: 'Say this is a test!', chat: true });
    expect(server.requests.at(-1)?.body.text_input).toBe(
      `<|im_start|>system\n${QWEN_DEFAULT_SYSTEM}<|im_end|>\n<|im_start|>user\nSay this is a test!<|im_end|>\n<|im_start|>assistant\n`,
    );
  });

  it('addresses tensorrt_llm_bls when the URL names it', async () => {
    const server = await standIn({ mode: 'triton' });
    const bls = new LlmClient({ target: targetFromUrl(`${server.url}/v2/models/tensorrt_llm_bls/generate_stream`), timeoutMs: 5000 });
    const result = await bls.infer({ prompt: 'x', chat: false });
    expect(result).toMatchObject({ text: DEFAULT_ANSWER, model: 'tensorrt_llm_bls' });
    expect(server.requests.at(-1)?.path).toBe('/v2/models/tensorrt_llm_bls/generate_stream');
  });
});

describe.each(['trtllm-serve', 'openai'] as const)('mode %s (OpenAI-compatible)', (mode) => {
  it('chat, streaming: messages go to /v1/chat/completions and deltas print as they come', async () => {
    const server = await standIn({ mode });
    const out = pieces();
    const result = await clientFor(server).infer({ prompt: 'Say this is a test!', system: 'Be brief.', onText: out.onText, maxTokens: 50, temperature: 0 });
    const request = server.requests.at(-1);
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.body).toMatchObject({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say this is a test!' },
      ],
      max_tokens: 50,
      temperature: 0,
      stream: true,
    });
    // The served model comes from /v1/models: the BLS on the frontend, the one model on trtllm-serve.
    expect(request?.body.model).toBe(mode === 'openai' ? 'tensorrt_llm_bls' : 'Qwen2.5-0.5B-Instruct');
    expect(out.list).toEqual(TOKENS);
    expect(result).toMatchObject({ text: DEFAULT_ANSWER, endpoint: 'chat', warnings: [] });
  });

  it('chat, non-streaming: reads choices[0].message.content and exact usage', async () => {
    const server = await standIn({ mode });
    const result = await clientFor(server).infer({ prompt: 'Hi', stream: false });
    expect(result).toMatchObject({ text: DEFAULT_ANSWER, tokens: TOKENS.length, tokensExact: true, finishReason: 'stop' });
  });

  it('completions: raw prompt to /v1/completions', async () => {
    const server = await standIn({ mode });
    const result = await clientFor(server).infer({ prompt: 'Once upon', chat: false, stream: true, maxTokens: 3 });
    expect(server.requests.at(-1)).toMatchObject({ path: '/v1/completions', body: { prompt: 'Once upon', max_tokens: 3 } });
    expect(result.text).toBe(TOKENS.slice(0, 3).join(''));
    expect(result.finishReason).toBe('length');
  });
});

describe('output hygiene against misbehaving servers', () => {
  it('triton: strips the echoed prompt (exclude_input_in_output=false), streamed and not', async () => {
    const server = await standIn({ mode: 'triton', echoPrompt: true, decoupled: false });
    const unary = await clientFor(server).infer({ prompt: 'Tell me a story.', chat: false, stream: false });
    expect(unary.rawText).toBe(`Tell me a story.${DEFAULT_ANSWER}`);
    expect(unary.text).toBe(DEFAULT_ANSWER);
    expect(unary.warnings.join()).toMatch(/echoed the prompt/);
    // `cleaned` holds only what the answer itself needed: the server's defect, not the client's set-up
    expect(unary.cleaned).toEqual([expect.stringMatching(/^the server echoed the prompt/)]);

    server.set({ decoupled: true });
    const out = pieces();
    const streamed = await clientFor(server).infer({ prompt: 'Tell me a story.', chat: false, onText: out.onText });
    expect(streamed.text).toBe(DEFAULT_ANSWER);
    expect(out.list.join('')).not.toContain('Tell me a story.');
  });

  it('triton chat: strips the templated echo whether or not special tokens were skipped', async () => {
    for (const defect of [{ echoPrompt: true }, { leakTemplate: true }]) {
      const server = await standIn({ mode: 'triton', ...defect });
      const result = await clientFor(server, { chatTemplate: await qwen() }).infer({ prompt: 'Say this is a test!' });
      expect(result.text).toBe(DEFAULT_ANSWER);
      expect(result.text).not.toMatch(/<\|im_|system|assistant/);
    }
  });

  it.each(['openai', 'trtllm-serve'] as const)('%s: strips the seed\'s "system\\n…assistant\\n" leak, streamed and not', async (mode) => {
    const server = await standIn({ mode, leakTemplate: true });
    for (const stream of [false, true]) {
      const result = await clientFor(server).infer({ prompt: 'Say this is a test!', stream });
      expect(result.rawText.startsWith(`system\n${QWEN_DEFAULT_SYSTEM}\nuser\nSay this is a test!\nassistant\n`)).toBe(true);
      expect(result.text).toBe(DEFAULT_ANSWER);
      expect(result.warnings.join()).toMatch(/chat template/);
    }
  });

  it.each(['triton', 'openai'] as const)('%s: stops at <|im_end|> and closes the stream early', async (mode) => {
    const server = await standIn({ mode, trailingSpecial: true, streamForever: false });
    const result = await clientFor(server).infer({ prompt: 'Hi', chat: mode !== 'triton', maxTokens: 100 });
    expect(result.text).toBe(DEFAULT_ANSWER);
    expect(result.finishReason).toBe('stop_token');
    expect(result.warnings.join()).toMatch(/<\|im_end\|>/);
  });

  it('openai: warns about empty content (user-pain #17)', async () => {
    const server = await standIn({ mode: 'openai', emptyContent: true });
    const result = await clientFor(server).infer({ prompt: 'Hi', stream: false });
    expect(result.text).toBe('');
    expect(result.warnings.join()).toMatch(/empty content/);
  });
});
