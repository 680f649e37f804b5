/**
 * Reads a model's chat template from its Hugging Face tokenizer directory, the same files
 * Triton's preprocessing model and trtllm-serve load (`tokenizer_config.json`, or the separate
 * `chat_template.jinja` newer checkpoints ship).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseChatTemplate, type ChatTemplate } from './chat-template.js';

/** The chat template in `dir`, or undefined when the directory has none (or does not exist). */
export async function loadChatTemplate(dir: string): Promise<ChatTemplate | undefined> {
  const configPath = join(dir, 'tokenizer_config.json');
  const config = await readJson(configPath);
  const bosToken = tokenText(config?.['bos_token']);
  const extras = (origin: string) => (bosToken === undefined ? { origin } : { origin, bosToken });

  const fromConfig = pickTemplate(config?.['chat_template']);
  if (fromConfig !== undefined) return parseChatTemplate(fromConfig, extras(configPath));

  const jinjaPath = join(dir, 'chat_template.jinja');
  const jinja = await readFile(jinjaPath, 'utf8').catch(() => undefined);
  if (jinja !== undefined) return parseChatTemplate(jinja, extras(jinjaPath));
  return undefined;
}

/** `chat_template` is a string, or a list of named templates of which "default" is the chat one. */
function pickTemplate(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return undefined;
  const named = value.filter(
    (item): item is { name: string; template: string } =>
      typeof item === 'object' && item !== null && typeof item.name === 'string' && typeof item.template === 'string',
  );
  return (named.find((t) => t.name === 'default') ?? named[0])?.template;
}

/** Special tokens appear either as plain strings or as AddedToken objects (`{content: "..."}`). */
function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  return undefined;
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    // A corrupt tokenizer_config.json is the server's problem too; here it just means "no template".
    return undefined;
  }
}
