import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChatTemplate, messagesFor, parseChatTemplate, renderChat, type ChatMessage } from '../src/index.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const QWEN_DIR = join(FIXTURES, 'qwen2.5-0.5b-instruct');

/** tokenizer_config.json of Qwen/Qwen2.5-0.5B-Instruct (chat_template verbatim, other keys trimmed). */
async function qwenTemplateSource(): Promise<string> {
  const config = JSON.parse(await readFile(join(QWEN_DIR, 'tokenizer_config.json'), 'utf8')) as { chat_template: string };
  return config.chat_template;
}

/**
 * nunjucks (installed at the repo root for @trtforge/compiler) as a stand-in Jinja engine, with
 * the one filter HF templates need. Undefined when it is not installed: those checks are skipped.
 */
async function jinja(): Promise<((source: string, context: object) => string) | undefined> {
  try {
    const nunjucks = (await import('nunjucks')).default;
    const env = new nunjucks.Environment(null, { autoescape: false });
    env.addFilter('tojson', (value: unknown) => JSON.stringify(value));
    return (source, context) => env.renderString(source, context);
  } catch {
    return undefined;
  }
}

const conversations: Record<string, ChatMessage[]> = {
  'user only (default system injected)': [{ role: 'user', content: 'Say this is a test!' }],
  'system + user': [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: '什么促进了大模型发展?' },
  ],
  'multi-turn': [
    { role: 'user', content: 'Hello, how are you?' },
    { role: 'assistant', content: "I'm doing great. How can I help you today?" },
    { role: 'user', content: "I'd like to show off how chat templating works!" },
  ],
  'content with newlines and braces': [{ role: 'user', content: 'line 1\nline 2 {{ not a tag }} {% nope %}' }],
};

describe('the real Qwen2.5-0.5B-Instruct chat template', () => {
  it('is recognised as ChatML with its default system prompt', async () => {
    const template = await loadChatTemplate(QWEN_DIR);
    expect(template?.kind).toBe('chatml');
    expect(template?.defaultSystem).toBe('You are Qwen, created by Alibaba Cloud. You are a helpful assistant.');
  });

  it("matches Hugging Face's rendering of the reference conversation", async () => {
    // GIVEN apply_chat_template's output for this conversation (add_generation_prompt=False),
    // as pinned by the swift-jinja test suite
    const reference = JSON.parse(await readFile(join(FIXTURES, 'qwen2.5-hf-expected.json'), 'utf8')) as { messages: ChatMessage[]; expected: string };
    const template = parseChatTemplate(await qwenTemplateSource());
    // WHEN rendered for generation
    const { text, templated } = renderChat(template, reference.messages);
    // THEN it is the reference plus the generation prompt
    expect(templated).toBe(true);
    expect(text).toBe(`${reference.expected}<|im_start|>assistant\n`);
  });

  it.each(Object.entries(conversations))('renders "%s" exactly as nunjucks renders the real template', async (_name, messages) => {
    const render = await jinja();
    if (render === undefined) return; // nunjucks absent: the reference test above still holds
    const source = await qwenTemplateSource();
    const expected = render(source, { messages, add_generation_prompt: true });
    expect(renderChat(parseChatTemplate(source), messages).text).toBe(expected);
  });

  it('nunjucks itself renders the real template like Hugging Face (so it could serve non-ChatML templates)', async () => {
    const render = await jinja();
    if (render === undefined) return;
    const reference = JSON.parse(await readFile(join(FIXTURES, 'qwen2.5-hf-expected.json'), 'utf8')) as { messages: ChatMessage[]; expected: string };
    expect(render(await qwenTemplateSource(), { messages: reference.messages, add_generation_prompt: false })).toBe(reference.expected);
  });
});

describe('other templates', () => {
  it('renders a ChatML template without a default system prompt (Dolphin style)', () => {
    const source =
      "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
    const { text } = renderChat(parseChatTemplate(source), messagesFor('Hi'));
    expect(text).toBe('<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n');
  });

  it('falls back to a plain prompt, with a warning, for a non-ChatML template (Llama 3)', () => {
    const llama3 =
      "{{ bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{% endfor %}";
    const rendered = renderChat(parseChatTemplate(llama3, { origin: 'tokenizer_config.json' }), messagesFor('Hi', 'Be brief.'));
    expect(rendered).toMatchObject({ text: 'Be brief.\n\nHi', templated: false });
    expect(rendered.warning).toMatch(/not ChatML-style/);
  });

  it('falls back with a warning when there is no template at all', () => {
    expect(renderChat(undefined, messagesFor('Hi')).warning).toMatch(/no chat template found/);
  });
});

describe('loadChatTemplate', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trtforge-tokenizer-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the "default" entry of a list-form chat_template and an AddedToken bos_token', async () => {
    const source = "{{ bos_token }}{% for message in messages %}{{ '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}{% endfor %}";
    await writeFile(
      join(dir, 'tokenizer_config.json'),
      JSON.stringify({ bos_token: { content: '<s>' }, chat_template: [{ name: 'tool_use', template: 'x' }, { name: 'default', template: source }] }),
    );
    const template = await loadChatTemplate(dir);
    expect(template).toMatchObject({ kind: 'chatml', bosToken: '<s>' });
    expect(renderChat(template, messagesFor('Hi')).text).toBe('<s><|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n');
  });

  it('reads chat_template.jinja when tokenizer_config.json has no template', async () => {
    await writeFile(join(dir, 'tokenizer_config.json'), '{}');
    await writeFile(join(dir, 'chat_template.jinja'), "{{ '<|im_start|>' + message.role }}<|im_end|>");
    expect((await loadChatTemplate(dir))?.origin).toBe(join(dir, 'chat_template.jinja'));
  });

  it('returns undefined for a missing directory', async () => {
    expect(await loadChatTemplate(join(dir, 'nope'))).toBeUndefined();
  });
});
