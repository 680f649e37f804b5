import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { AnswerFilter, cleanAnswer, loadChatTemplate, renderChat, type ChatMessage, type ChatTemplate } from '../src/index.js';

const QWEN_SYSTEM = 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.';

/** What the client sends in triton mode: the real Qwen2.5 template rendered (fixtures/qwen2.5-0.5b-instruct). */
let qwen: ChatTemplate;
beforeAll(async () => {
  qwen = (await loadChatTemplate(fileURLToPath(new URL('./fixtures/qwen2.5-0.5b-instruct/', import.meta.url))))!;
});
const renderQwen = (messages: ChatMessage[]): string => renderChat(qwen, messages).text;

/** Feed `text` in pieces of `size` characters, as a stream would. */
function streamed(text: string, size: number, options: ConstructorParameters<typeof AnswerFilter>[0]): { out: string; filter: AnswerFilter } {
  const filter = new AnswerFilter(options);
  let out = '';
  for (let i = 0; i < text.length; i += size) out += filter.push(text.slice(i, i + size));
  out += filter.end();
  return { out, filter };
}

describe('prompt echo (exclude_input_in_output=false, user-pain #13)', () => {
  it('removes the seed example: text_output = prompt + continuation', () => {
    // GIVEN the seed's curl: the ensemble echoes the Chinese prompt in front of the poem
    const prompt = '你知道deepseek吗,写一首诗表达对大模型技术发展的惊叹';
    const { text, warnings } = cleanAnswer(`${prompt}和敬畏之情。\n\n深海深处`, { sentPrompt: prompt });
    // THEN only the continuation remains, and the user is told why
    expect(text).toBe('和敬畏之情。\n\n深海深处');
    expect(warnings.join('\n')).toMatch(/exclude_input_in_output/);
  });

  it.each([1, 3, 7, 50])('removes it when streamed %i characters at a time', (size) => {
    const prompt = 'Tell me a story about a fox.';
    expect(streamed(`${prompt} Once upon a time`, size, { sentPrompt: prompt }).out).toBe(' Once upon a time');
  });

  it('removes a templated prompt echoed with its special tokens skipped', () => {
    const sent = renderQwen([{ role: 'user', content: 'Hi' }]);
    const echoed = `system\n${QWEN_SYSTEM}\nuser\nHi\nassistant\nHello!`;
    expect(cleanAnswer(echoed, { sentPrompt: sent }).text).toBe('Hello!');
  });

  it('leaves an answer that merely starts like the prompt', () => {
    const { text, warnings } = cleanAnswer('Tell me more? Sure.', { sentPrompt: 'Tell me a story' });
    expect(text).toBe('Tell me more? Sure.');
    expect(warnings).toEqual([]);
  });
});

describe('chat template leak (the seed\'s OpenAI-frontend output)', () => {
  const messages = [{ role: 'user', content: 'Say this is a test!' }];
  const seedContent =
    "system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.\nuser\nSay this is a test!\nassistant\nI'm sorry, but I'm Qwen, an artificial intelligence language model created";

  it('strips the "system\\n…\\nuser\\n…\\nassistant\\n" prefix, default system prompt included', () => {
    const { text, warnings } = cleanAnswer(seedContent, { messages });
    expect(text).toBe("I'm sorry, but I'm Qwen, an artificial intelligence language model created");
    expect(warnings.join('\n')).toMatch(/chat template/);
  });

  it.each([1, 4, 16])('strips it when streamed %i characters at a time', (size) => {
    expect(streamed(seedContent, size, { messages }).out).toBe("I'm sorry, but I'm Qwen, an artificial intelligence language model created");
  });

  it('strips it with an explicit system prompt and several turns', () => {
    const turns = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello.' },
      { role: 'user', content: 'Name a colour.' },
    ];
    const leaked = 'system\nBe brief.\nuser\nHi\nassistant\nHello.\nuser\nName a colour.\nassistant\nBlue.';
    expect(cleanAnswer(leaked, { messages: turns }).text).toBe('Blue.');
  });

  it('strips the leak when the server kept the ChatML tokens', () => {
    const leaked = `${renderQwen(messages)}This is a test.`;
    expect(cleanAnswer(leaked, { messages }).text).toBe('This is a test.');
  });

  it('does not hold or cut an answer that starts with the word "user"', () => {
    const { out } = streamed('users can test this!', 2, { messages });
    expect(out).toBe('users can test this!');
  });
});

describe('special tokens (user-pain #14, #15)', () => {
  it('stops at <|im_end|> and drops the next turn', () => {
    const { text, stoppedAt } = cleanAnswer('This is a test.<|im_end|>\n<|im_start|>user\nmore', {});
    expect(text).toBe('This is a test.');
    expect(stoppedAt).toBe('<|im_end|>');
  });

  it('stops at a token split across stream chunks', () => {
    const filter = new AnswerFilter({});
    const out = ['Done', '<|im', '_e', 'nd|>', 'junk'].map((p) => filter.push(p)).join('') + filter.end();
    expect(out).toBe('Done');
    expect(filter.stopped).toBe(true);
  });

  it('releases held text that turned out not to be a token', () => {
    const filter = new AnswerFilter({});
    const out = ['if a <', 'b then'].map((p) => filter.push(p)).join('') + filter.end();
    expect(out).toBe('if a <b then');
  });

  it.each(['<|endoftext|>', '<|eot_id|>', '</s>', '<|im_start|>'])('stops at %s', (token) => {
    expect(cleanAnswer(`answer${token}tail`, {}).text).toBe('answer');
  });

  it('removes BOS-like and unknown <|…|> tokens without stopping', () => {
    const { text, warnings } = cleanAnswer('<s>Hello <|box_start|>world', {});
    expect(text).toBe('Hello world');
    expect(warnings).toEqual(['removed the special token <|box_start|> from the output']);
  });
});
