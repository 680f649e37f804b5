/**
 * Chat templating for mode `triton`, where the client sends raw `text_input` and so must apply
 * the model's chat template itself (trtllm-serve and the OpenAI frontend do it server-side).
 *
 * Rather than embedding a Jinja engine, this recognises ChatML-style templates (Qwen, Yi,
 * OpenHermes, Dolphin...) and renders their common form:
 *
 *   <|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n<|im_start|>assistant\n
 *
 * including the default system prompt a template injects when none is given (Qwen2.5's "You are
 * Qwen, created by Alibaba Cloud..."). The test suite checks this against the real Qwen2.5
 * template rendered by nunjucks. Anything else falls back to a plain prompt, with a warning.
 */

export interface ChatMessage {
  role: string;
  content: string;
}

export interface ChatTemplate {
  kind: 'chatml' | 'unsupported';
  /** The template's Jinja source, as found in tokenizer_config.json. */
  source: string;
  /** System prompt the template injects when the conversation has none. */
  defaultSystem?: string;
  /** Prepended when the template starts with `{{ bos_token }}`. */
  bosToken?: string;
  /** Where the template came from (a file path), for messages. */
  origin?: string;
}

export interface RenderedPrompt {
  text: string;
  /** True when the model's template was applied; false for the plain fallback. */
  templated: boolean;
  warning?: string;
}

/** Classify a template source once, so rendering is cheap and deterministic. */
export function parseChatTemplate(source: string, extras: { bosToken?: string; origin?: string } = {}): ChatTemplate {
  const base = { source, ...(extras.origin === undefined ? {} : { origin: extras.origin }) };
  if (!isChatMl(source)) return { kind: 'unsupported', ...base };
  const template: ChatTemplate = { kind: 'chatml', ...base };
  const defaultSystem = findDefaultSystem(source);
  if (defaultSystem !== undefined) template.defaultSystem = defaultSystem;
  if (extras.bosToken && startsWithBos(source)) template.bosToken = extras.bosToken;
  return template;
}

/**
 * Render `messages` for generation. Without a usable template the prompt is the messages' text
 * joined by blank lines, and `warning` says why the answer may be poor.
 */
export function renderChat(template: ChatTemplate | undefined, messages: readonly ChatMessage[]): RenderedPrompt {
  if (template?.kind === 'chatml') return { text: renderChatMl(template, messages), templated: true };
  const where = template?.origin ? ` in ${template.origin}` : '';
  const warning =
    template === undefined
      ? 'no chat template found (no tokenizer_config.json with chat_template in the tokenizer dir); sending a plain prompt, so an instruct model may answer poorly — pass --tokenizer-dir or use --no-chat'
      : `the chat template${where} is not ChatML-style, which is all the client renders; sending a plain prompt — use trtllm-serve or the OpenAI frontend (server-side templates) or --no-chat`;
  return { text: plainPrompt(messages), templated: false, warning };
}

export function renderChatMl(template: Pick<ChatTemplate, 'defaultSystem' | 'bosToken'>, messages: readonly ChatMessage[]): string {
  let out = template.bosToken ?? '';
  if (template.defaultSystem !== undefined && messages[0]?.role !== 'system') {
    out += `<|im_start|>system\n${template.defaultSystem}<|im_end|>\n`;
  }
  for (const message of messages) out += `<|im_start|>${message.role}\n${message.content}<|im_end|>\n`;
  return `${out}<|im_start|>assistant\n`;
}

/** The fallback: what a base model would see if the user had typed it. */
function plainPrompt(messages: readonly ChatMessage[]): string {
  return messages.map((m) => m.content).join('\n\n');
}

/** Build the conversation for a one-shot prompt. */
export function messagesFor(prompt: string, system?: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (system !== undefined && system !== '') messages.push({ role: 'system', content: system });
  messages.push({ role: 'user', content: prompt });
  return messages;
}

/**
 * ChatML = both markers, and each message rendered as `'<|im_start|>' + message role`.
 * (Qwen2.5 writes `message.role`, older templates `message['role']`.)
 */
function isChatMl(source: string): boolean {
  return (
    source.includes('<|im_start|>') &&
    source.includes('<|im_end|>') &&
    /['"]<\|im_start\|>['"]\s*\+\s*message(?:\.role|\[\s*['"]role['"]\s*\])/.test(source)
  );
}

/**
 * The default system prompt is a string literal holding a whole system turn, e.g.
 * `'<|im_start|>system\nYou are Qwen, ...<|im_end|>\n'`. The `\n` inside may be a Jinja escape
 * (backslash-n in the source) or a real newline, depending on how the JSON was written.
 */
function findDefaultSystem(source: string): string | undefined {
  const literal = /(['"])<\|im_start\|>system(?:\\n|\n)((?:(?!\1)[^\\]|\\.)*?)<\|im_end\|>(?:\\n|\n)?\1/.exec(source);
  if (!literal || literal[2] === undefined) return undefined;
  return unescapeJinja(literal[2]);
}

function startsWithBos(source: string): boolean {
  const bos = source.search(/\{\{-?\s*bos_token\s*-?\}\}/);
  const firstTurn = source.indexOf('<|im_start|>');
  return bos !== -1 && (firstTurn === -1 || bos < firstTurn);
}

function unescapeJinja(text: string): string {
  return text.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch === 'r' ? '\r' : ch));
}
