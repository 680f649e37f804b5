import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isClientError, loadChatTemplate, messagesFor, parseChatTemplate, renderChat, type ChatMessage, type ChatTemplate } from '../src/index.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const TEMPLATES = join(FIXTURES, 'chat-templates');
const QWEN_DIR = join(FIXTURES, 'qwen2.5-0.5b-instruct');

/** One model's real chat template and the reference renders its sources document (fixtures/chat-templates/README.md). */
interface Fixture {
  model: string;
  provenance: Record<string, { repo: string; path: string; commit: string } | string>;
  tokenizer_config: Record<string, unknown>;
  cases: Array<{ name: string; messages: ChatMessage[]; tools?: unknown[]; add_generation_prompt: boolean; expected: string }>;
}

const fixtureFiles = (await readdir(TEMPLATES)).filter((f) => f.endsWith('.json')).sort();
const fixture = async (file: string): Promise<Fixture> => JSON.parse(await readFile(join(TEMPLATES, file), 'utf8')) as Fixture;

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'trtforge-tokenizer-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A tokenizer dir holding these files, as a checkpoint would. */
let dirs = 0;
async function tokenizerDir(files: Record<string, string>): Promise<string> {
  const dir = join(scratch, `t${++dirs}`);
  await mkdir(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** The ClientError `fn` throws (fails the test when it throws nothing or something else). */
async function clientErrorOf(fn: () => unknown): Promise<Error & { code: string }> {
  try {
    await fn();
  } catch (error) {
    if (isClientError(error)) return error;
    throw error;
  }
  throw new Error('expected a ClientError');
}

describe('the five families: real templates, reference renders from their sources', () => {
  it('covers Llama 3.1, Gemma 2, Mistral v0.3, Phi-3 and Qwen 2.5, each with provenance', async () => {
    const models = await Promise.all(fixtureFiles.map(async (f) => (await fixture(f)).model));
    for (const family of [/Llama-3\.1/, /gemma-2/, /Mistral-7B-Instruct-v0\.3/, /Phi-3/, /Qwen2\.5/]) expect(models.some((m) => family.test(m))).toBe(true);
    for (const file of fixtureFiles) {
      const { provenance } = await fixture(file);
      for (const part of ['chat_template', 'expected']) {
        expect(provenance[part], `${file}: provenance.${part}`).toMatchObject({ repo: expect.stringMatching(/^[\w.-]+\/[\w.-]+$/), path: expect.any(String), commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
      }
    }
  });

  it.each(fixtureFiles)('%s: loaded from tokenizer_config.json and rendered exactly as the reference', async (file) => {
    const { tokenizer_config, cases } = await fixture(file);
    const dir = await tokenizerDir({ 'tokenizer_config.json': JSON.stringify(tokenizer_config) });
    const template = await loadChatTemplate(dir);
    expect(template?.origin).toBe(join(dir, 'tokenizer_config.json'));
    for (const c of cases) {
      const rendered = renderChat(template, c.messages, { addGenerationPrompt: c.add_generation_prompt, ...(c.tools ? { tools: c.tools } : {}) });
      expect(rendered, c.name).toEqual({ text: c.expected, templated: true });
    }
  });
});

describe('special tokens', () => {
  it("bos_token and eos_token come from the tokenizer's files: plain strings, AddedToken objects, or special_tokens_map.json", async () => {
    // GIVEN Mistral v0.3's reference, which uses both bos_token (<s>) and eos_token (</s>)
    const { tokenizer_config, cases } = await fixture('mistral-7b-instruct-v0.3.json');
    const c = cases[0]!;
    expect(c.expected.startsWith('<s>')).toBe(true);
    expect(c.expected).toContain('</s>');
    const { bos_token, eos_token, chat_template } = tokenizer_config;
    const render = async (files: Record<string, string>) =>
      renderChat(await loadChatTemplate(await tokenizerDir(files)), c.messages, { addGenerationPrompt: false, ...(c.tools ? { tools: c.tools } : {}) }).text;
    // WHEN the tokens are AddedToken objects, or live only in special_tokens_map.json
    const asObjects = await render({ 'tokenizer_config.json': JSON.stringify({ bos_token: { content: bos_token, lstrip: false }, eos_token: { content: eos_token }, chat_template }) });
    const inMap = await render({ 'tokenizer_config.json': JSON.stringify({ chat_template }), 'special_tokens_map.json': JSON.stringify({ bos_token, eos_token }) });
    // THEN the render is the reference either way
    expect(asObjects).toBe(c.expected);
    expect(inMap).toBe(c.expected);
    // AND without them the template renders nothing in their place (Jinja's undefined), so the reference is not met
    expect(await render({ 'tokenizer_config.json': JSON.stringify({ chat_template }) })).not.toBe(c.expected);
  });

  it("Llama 3.1's prompt starts with its bos token and ends with the assistant header", async () => {
    const { tokenizer_config, cases } = await fixture('llama-3.1-8b-instruct.json');
    expect(tokenizer_config['bos_token']).toBe('<|begin_of_text|>');
    expect(cases[0]!.expected.startsWith('<|begin_of_text|><|start_header_id|>system')).toBe(true);
    expect(cases[0]!.expected.endsWith('<|start_header_id|>assistant<|end_header_id|>\n\n')).toBe(true);
  });
});

describe('add_generation_prompt', () => {
  it("Qwen2.5-0.5B-Instruct: without it, Hugging Face's own render; with it (the default), that plus the assistant header", async () => {
    // GIVEN apply_chat_template's output for this conversation (add_generation_prompt=False),
    // as pinned by the swift-jinja test suite (fixtures/qwen2.5-hf-expected.json)
    const reference = JSON.parse(await readFile(join(FIXTURES, 'qwen2.5-hf-expected.json'), 'utf8')) as { messages: ChatMessage[]; add_generation_prompt: boolean; expected: string };
    expect(reference.add_generation_prompt).toBe(false);
    const template = await loadChatTemplate(QWEN_DIR);
    expect(renderChat(template, reference.messages, { addGenerationPrompt: false }).text).toBe(reference.expected);
    // The template's own last lines: `{%- if add_generation_prompt %}{{- '<|im_start|>assistant\n' }}{%- endif %}`.
    expect(template?.source).toMatch(/\{%- if add_generation_prompt %\}\s*\{\{- '<\|im_start\|>assistant\\n' \}\}\s*\{%- endif %\}\s*$/);
    expect(renderChat(template, reference.messages).text).toBe(`${reference.expected}<|im_start|>assistant\n`);
  });

  it('a one-shot prompt with a system message (what `trtforge infer --system` sends) goes through the template', async () => {
    const template = await loadChatTemplate(QWEN_DIR);
    const { text } = renderChat(template, messagesFor('Hi', 'Be brief.'));
    expect(text).toBe('<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n');
  });

  it('message content is data, never template code', async () => {
    const template = await loadChatTemplate(QWEN_DIR);
    const { text } = renderChat(template, messagesFor('line 1\nline 2 {{ 7 * 6 }} {% if true %}x{% endif %}'));
    expect(text).toContain('<|im_start|>user\nline 1\nline 2 {{ 7 * 6 }} {% if true %}x{% endif %}<|im_end|>\n');
  });
});

describe('template errors: one line naming the file', () => {
  it("Gemma 2 refuses a system message (its own raise_exception): the line says so and names tokenizer_config.json", async () => {
    const { tokenizer_config } = await fixture('gemma-2-2b-it.json');
    const dir = await tokenizerDir({ 'tokenizer_config.json': JSON.stringify(tokenizer_config) });
    const template = await loadChatTemplate(dir);
    const error = await clientErrorOf(() => renderChat(template, messagesFor('Hi', 'Be brief.')));
    expect(error.code).toBe('BAD_CHAT_TEMPLATE');
    expect(error.message).toBe(`the chat template in ${join(dir, 'tokenizer_config.json')} fails on this conversation: System role not supported`);
  });

  it('a template that does not parse fails when loaded, naming the file', async () => {
    const dir = await tokenizerDir({ 'tokenizer_config.json': JSON.stringify({ chat_template: '{% for message in messages %}{{ message.content + }}{% endfor %}' }) });
    const error = await clientErrorOf(() => loadChatTemplate(dir));
    expect(error.code).toBe('BAD_CHAT_TEMPLATE');
    expect(error.message).toMatch(new RegExp(`^the chat template in ${escape(join(dir, 'tokenizer_config.json'))} does not parse: .+$`));
    expect(error.message).not.toContain('\n');
  });

  it('an unterminated block fails as one line too, naming chat_template.jinja', async () => {
    const dir = await tokenizerDir({ 'chat_template.jinja': '{% for message in messages %}{{ message.content }}' });
    const error = await clientErrorOf(() => loadChatTemplate(dir));
    expect(error.message).toMatch(new RegExp(`^the chat template in ${escape(join(dir, 'chat_template.jinja'))} does not parse: `));
    expect(error.message).not.toContain('\n');
  });

  it('tokenizer_config.json that is not JSON is named, not taken for "no template"', async () => {
    const dir = await tokenizerDir({ 'tokenizer_config.json': '{"chat_template": ' });
    const error = await clientErrorOf(() => loadChatTemplate(dir));
    expect(error.message).toMatch(new RegExp(`^${escape(join(dir, 'tokenizer_config.json'))} is not valid JSON: `));
  });

  it('a template outside any file is named "the chat template"', async () => {
    const error = await clientErrorOf(() => parseChatTemplate('{{ 1 + }}'));
    expect(error.message).toMatch(/^the chat template does not parse: /);
  });
});

describe('a list of named templates', () => {
  const chatml = "{% for message in messages %}{{ '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

  it('uses the one named "default" (the chat template), wherever it is in the list', async () => {
    const dir = await tokenizerDir({
      'tokenizer_config.json': JSON.stringify({ chat_template: [{ name: 'tool_use', template: '{{ raise_exception("tool_use was used") }}' }, { name: 'default', template: chatml }, { name: 'rag', template: 'x' }] }),
    });
    const template = await loadChatTemplate(dir);
    expect(template?.name).toBe('default');
    expect(renderChat(template, messagesFor('Hi')).text).toBe('<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n');
  });

  it('a list without "default" is an error listing the names (transformers refuses it too), not a silent pick', async () => {
    const dir = await tokenizerDir({ 'tokenizer_config.json': JSON.stringify({ chat_template: [{ name: 'tool_use', template: chatml }, { name: 'rag', template: chatml }] }) });
    const error = await clientErrorOf(() => loadChatTemplate(dir));
    expect(error.message).toBe(`chat_template in ${join(dir, 'tokenizer_config.json')} lists named templates ("tool_use", "rag") but none named "default", the chat one`);
  });

  it('entries that are not {name, template}, or a chat_template of another type, are errors naming the file', async () => {
    const bad = await tokenizerDir({ 'tokenizer_config.json': JSON.stringify({ chat_template: [{ name: 'default', template: chatml }, { name: 'x' }] }) });
    expect((await clientErrorOf(() => loadChatTemplate(bad))).message).toMatch(/is a list whose entries are not all \{name, template\}$/);
    const other = await tokenizerDir({ 'tokenizer_config.json': JSON.stringify({ chat_template: 42 }) });
    expect((await clientErrorOf(() => loadChatTemplate(other))).message).toBe(`chat_template in ${join(other, 'tokenizer_config.json')} is neither a string nor a list of {name, template}`);
  });
});

describe('where the template comes from', () => {
  it('reads chat_template.jinja when tokenizer_config.json has none, with the special tokens of the config', async () => {
    const dir = await tokenizerDir({ 'tokenizer_config.json': JSON.stringify({ bos_token: '<s>' }), 'chat_template.jinja': '{{ bos_token }}[{{ messages[0].content }}]' });
    const template = await loadChatTemplate(dir);
    expect(template?.origin).toBe(join(dir, 'chat_template.jinja'));
    expect(renderChat(template, messagesFor('Hi')).text).toBe('<s>[Hi]');
  });

  it('no template anywhere: undefined, and renderChat falls back to a plain prompt with a warning saying what to do', async () => {
    const dir = await tokenizerDir({ 'tokenizer_config.json': JSON.stringify({ bos_token: '<s>' }) });
    expect(await loadChatTemplate(dir)).toBeUndefined();
    expect(await loadChatTemplate(join(scratch, 'no-such-dir'))).toBeUndefined();
    const rendered = renderChat(undefined, messagesFor('Hi', 'Be brief.'));
    expect(rendered).toMatchObject({ text: 'Be brief.\n\nHi', templated: false });
    expect(rendered.warning).toMatch(/^no chat template found .*--tokenizer-dir or use --no-chat$/);
  });

  it('a template is parsed once and renders the same every time', async () => {
    const template: ChatTemplate | undefined = await loadChatTemplate(QWEN_DIR);
    const a = renderChat(template, messagesFor('Hi')).text;
    expect(renderChat(template, messagesFor('Hi')).text).toBe(a);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
