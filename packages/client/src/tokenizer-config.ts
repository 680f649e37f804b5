/**
 * Reads a model's chat template from its Hugging Face tokenizer directory, the same files
 * Triton's preprocessing model and trtllm-serve load (`tokenizer_config.json`, or the separate
 * `chat_template.jinja` newer checkpoints ship), with the special tokens the template may use.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseChatTemplate, type ChatTemplate, type SpecialTokens } from './chat-template.js';
import { ClientError } from './errors.js';

const TOKEN_NAMES = ['bos_token', 'eos_token', 'unk_token', 'pad_token'] as const;

/**
 * The chat template in `dir`, or undefined when the directory has none (or does not exist).
 * A file that is there but unusable (not JSON, a template that does not parse, a list of named
 * templates without "default") throws a one-line ClientError naming the file.
 */
export async function loadChatTemplate(dir: string): Promise<ChatTemplate | undefined> {
  const configPath = join(dir, 'tokenizer_config.json');
  const config = await readJsonObject(configPath);
  // Older checkpoints keep the special tokens only in special_tokens_map.json; transformers reads both.
  const tokensMap = await readJsonObject(join(dir, 'special_tokens_map.json'));
  const specialTokens: SpecialTokens = {};
  for (const name of TOKEN_NAMES) {
    const text = tokenText(config?.[name]) ?? tokenText(tokensMap?.[name]);
    if (text !== undefined) specialTokens[name] = text;
  }

  const picked = pickTemplate(config?.['chat_template'], configPath);
  if (picked !== undefined) return parseChatTemplate(picked.template, { origin: configPath, specialTokens, ...(picked.name === undefined ? {} : { name: picked.name }) });

  const jinjaPath = join(dir, 'chat_template.jinja');
  const jinja = await readFile(jinjaPath, 'utf8').catch(() => undefined);
  if (jinja !== undefined) return parseChatTemplate(jinja, { origin: jinjaPath, specialTokens });
  return undefined;
}

/**
 * `chat_template` is a string, or a list of named templates ({name, template}). Like transformers'
 * apply_chat_template without tools, the one named "default" is the chat template; a list without
 * one is an error (transformers refuses it too), not a silent pick.
 */
function pickTemplate(value: unknown, file: string): { template: string; name?: string } | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return { template: value };
  if (!Array.isArray(value)) throw new ClientError('BAD_CHAT_TEMPLATE', `chat_template in ${file} is neither a string nor a list of {name, template}`);
  const named = value.filter(
    (item): item is { name: string; template: string } =>
      typeof item === 'object' && item !== null && typeof item.name === 'string' && typeof item.template === 'string',
  );
  if (named.length !== value.length) throw new ClientError('BAD_CHAT_TEMPLATE', `chat_template in ${file} is a list whose entries are not all {name, template}`);
  const chosen = named.find((t) => t.name === 'default');
  if (chosen === undefined) {
    const names = named.map((t) => `"${t.name}"`).join(', ') || 'none';
    throw new ClientError('BAD_CHAT_TEMPLATE', `chat_template in ${file} lists named templates (${names}) but none named "default", the chat one`);
  }
  return { template: chosen.template, name: chosen.name };
}

/** Special tokens appear either as plain strings or as AddedToken objects (`{content: "..."}`). */
function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  return undefined;
}

/** The JSON object in `path`; undefined when there is no such file. */
async function readJsonObject(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ClientError('BAD_CHAT_TEMPLATE', `${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ClientError('BAD_CHAT_TEMPLATE', `${path} is not a JSON object`);
  return value as Record<string, unknown>;
}
