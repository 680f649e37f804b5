/**
 * Chat templating for mode `triton`, where the client sends raw `text_input` and so must apply
 * the model's chat template itself (trtllm-serve and the OpenAI frontend do it server-side).
 *
 * The template is the model's own Jinja `chat_template`, rendered by @huggingface/jinja — a Jinja
 * engine written for Hugging Face chat templates (trim_blocks / lstrip_blocks, `raise_exception`,
 * `strftime_now`, `tojson`, namespaces, macros) — with the variables `apply_chat_template` passes:
 * `messages`, `add_generation_prompt` and the tokenizer's special tokens (`bos_token`, `eos_token`…).
 * No template at all falls back to a plain prompt, with a warning (docs/chat-templates.md).
 */
import { Template } from '@huggingface/jinja';
import { ClientError } from './errors.js';

export interface ChatMessage {
  role: string;
  content: string;
}

/** Special tokens a template may use, by their tokenizer_config.json names. */
export type SpecialTokens = Partial<Record<'bos_token' | 'eos_token' | 'unk_token' | 'pad_token', string>>;

export interface ChatTemplate {
  /** The template's Jinja source, as found in tokenizer_config.json or chat_template.jinja. */
  source: string;
  /** Where the template came from (a file path), for messages. */
  origin?: string;
  /** The entry of a list of named templates that was chosen ("default"). */
  name?: string;
  /** The tokenizer's special tokens, passed to the template as variables. */
  specialTokens: SpecialTokens;
  /** The parsed template. */
  compiled: Template;
}

export interface RenderedPrompt {
  text: string;
  /** True when the model's template was applied; false for the plain fallback. */
  templated: boolean;
  warning?: string;
}

export interface RenderOptions {
  /** End with the assistant turn's header so the model answers (apply_chat_template's add_generation_prompt). Default true. */
  addGenerationPrompt?: boolean;
  /** Tool definitions (JSON schemas), as apply_chat_template's `tools`; templates without tool support ignore them. */
  tools?: readonly unknown[];
}

const where = (origin: string | undefined): string => (origin === undefined ? 'the chat template' : `the chat template in ${origin}`);

/**
 * Parse a template once. A template that does not parse is an error naming its file: rendering
 * something else in its place would send the model a prompt it was not trained on.
 */
export function parseChatTemplate(source: string, extras: { origin?: string; name?: string; specialTokens?: SpecialTokens } = {}): ChatTemplate {
  let compiled: Template;
  try {
    compiled = new Template(source);
  } catch (error) {
    throw new ClientError('BAD_CHAT_TEMPLATE', `${where(extras.origin)} does not parse: ${messageOf(error)}`, { cause: error });
  }
  return {
    source,
    compiled,
    specialTokens: { ...extras.specialTokens },
    ...(extras.origin === undefined ? {} : { origin: extras.origin }),
    ...(extras.name === undefined ? {} : { name: extras.name }),
  };
}

/**
 * Render `messages` for generation. Without a template the prompt is the messages' text joined by
 * blank lines, and `warning` says why the answer may be poor. A template that fails on this
 * conversation (its own `raise_exception`, e.g. Gemma's "System role not supported") throws a
 * one-line ClientError naming the file.
 */
export function renderChat(template: ChatTemplate | undefined, messages: readonly ChatMessage[], options: RenderOptions = {}): RenderedPrompt {
  if (template === undefined) {
    return {
      text: plainPrompt(messages),
      templated: false,
      warning:
        'no chat template found (no tokenizer_config.json with chat_template, nor chat_template.jinja, in the tokenizer dir); sending a plain prompt, so an instruct model may answer poorly — pass --tokenizer-dir or use --no-chat',
    };
  }
  const variables = {
    ...template.specialTokens,
    messages: messages.map((m) => ({ ...m })),
    add_generation_prompt: options.addGenerationPrompt ?? true,
    ...(options.tools === undefined ? {} : { tools: options.tools }),
  };
  let text: string;
  try {
    text = template.compiled.render(variables);
  } catch (error) {
    throw new ClientError('BAD_CHAT_TEMPLATE', `${where(template.origin)} fails on this conversation: ${messageOf(error)}`, { cause: error });
  }
  return { text, templated: true };
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

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim() === '' ? 'unknown error' : text;
}
