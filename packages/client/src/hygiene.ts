/**
 * Output hygiene: the printed answer contains only what the model generated.
 *
 * The seed deployment shows both defects this guards against:
 *  - `exclude_input_in_output` left false, so Triton's `text_output` starts with the prompt
 *    (user-pain #13);
 *  - the OpenAI frontend returning "system\nYou are Qwen...\nuser\n...\nassistant\n..." — the same
 *    echo, decoded with special tokens skipped, so the ChatML markers vanish and only "role\ncontent"
 *    lines remain;
 * plus special tokens leaking into text when end_id / stop words don't match the tokenizer
 * (user-pain #14, #15).
 *
 * Works incrementally so streamed answers can be printed token by token: text is held back only
 * while it could still turn out to be an echo or a split special token.
 */

export interface HygieneOptions {
  /** Exactly what was sent as the prompt (Triton `text_input`, or the completions `prompt`). */
  sentPrompt?: string;
  /** The chat messages, when the server rendered the template itself (OpenAI modes). */
  messages?: ReadonlyArray<{ role: string; content: string }>;
}

/** Tokens that end an answer: anything after them is another turn or padding. */
export const STOP_TOKENS: readonly string[] = [
  '<|im_end|>',
  '<|endoftext|>',
  '<|im_start|>',
  '<|eot_id|>',
  '<|end_of_text|>',
  '<|start_header_id|>',
  '<|end|>',
  '<end_of_turn>',
  '</s>',
];

/** Tokens that carry no text and are simply removed. */
export const STRIP_TOKENS: readonly string[] = ['<|begin_of_text|>', '[gMASK]sop', '[gMASK]', '<s>'];

/** Other `<|name|>` control tokens (Qwen's <|object_ref_start|>, <|box_end|>, ...). */
const GENERIC_SPECIAL = /<\|[A-Za-z0-9_]+\|>/;
/** Longest text held back waiting for a possibly split special token. */
const MAX_TOKEN_HOLD = 40;
/** Beyond the prompt's own length, how much text may be held while deciding on a template leak. */
const LEAK_SLACK = 4096;

type Phase = 'probe' | 'pass' | 'stopped';

export class AnswerFilter {
  /** Human-readable notes about what was removed, for stderr. */
  readonly warnings: string[] = [];
  /** The special token the answer stopped at, if any. */
  stoppedAt: string | undefined;
  /** Raw characters removed from the start as an echo / template leak. */
  echoLength = 0;
  /** Raw offset of the stop token, when the answer stopped at one. */
  stopOffset: number | undefined;

  private phase: Phase = 'probe';
  private probe = '';
  private held = '';
  private readonly echoes: string[];
  private readonly leak: LeakMatcher | undefined;
  private readonly strippedGeneric = new Set<string>();
  /** Raw characters pushed so far. */
  private pushed = 0;

  constructor(options: HygieneOptions = {}) {
    const candidates = new Set<string>();
    if (options.sentPrompt) {
      candidates.add(options.sentPrompt);
      const bare = removeSpecialTokens(options.sentPrompt);
      if (bare.trim()) candidates.add(bare);
    }
    this.echoes = [...candidates].sort((a, b) => b.length - a.length);
    const messages = options.messages?.filter((m) => m.content.trim() !== '') ?? [];
    this.leak = messages.length > 0 ? new LeakMatcher(messages) : undefined;
  }

  get stopped(): boolean {
    return this.phase === 'stopped';
  }

  /** Feed a piece of server output; returns the text that is safe to print now. */
  push(delta: string): string {
    if (this.phase === 'stopped' || delta === '') return '';
    this.pushed += delta.length;
    if (this.phase === 'probe') {
      this.probe += delta;
      const decided = this.decidePrefix(false);
      if (decided === undefined) return '';
      return this.pass(decided);
    }
    return this.pass(delta);
  }

  /** End of output: flush what was held back. */
  end(): string {
    let out = '';
    if (this.phase === 'probe') {
      out += this.pass(this.decidePrefix(true) ?? '');
    }
    if (this.phase === 'pass') {
      // A trailing "<|im" that never completed is ordinary text after all.
      out += this.held;
      this.held = '';
    }
    return out;
  }

  /**
   * Decide whether the start of the output is an echo. Returns the text that follows the echo
   * (or all of it, when it is no echo), or undefined to keep waiting for more output.
   */
  private decidePrefix(final: boolean): string | undefined {
    const text = this.probe;
    for (const echo of this.echoes) {
      if (text.startsWith(echo)) {
        this.warn(
          'the server echoed the prompt at the start of its output (exclude_input_in_output is false in the tensorrt_llm config, user-pain #13); removed it. Set it to true in the spec to stop the echo',
        );
        return this.leave(text.slice(echo.length));
      }
    }
    if (this.leak) {
      const cut = this.leak.match(text, final);
      if (cut !== undefined) {
        this.warn(
          'the server output began with the chat template as plain text ("system\\n…\\nuser\\n…\\nassistant\\n": the prompt echoed with special tokens skipped); removed it',
        );
        return this.leave(text.slice(cut));
      }
    }
    if (!final) {
      if (this.echoes.some((echo) => echo.startsWith(text))) return undefined;
      if (this.leak?.couldStillMatch(text)) return undefined;
    }
    return this.leave(text);
  }

  private leave(rest: string): string {
    this.echoLength = this.probe.length - rest.length;
    this.phase = 'pass';
    this.probe = '';
    return rest;
  }

  /** Pass-through phase: remove special tokens, stop at end-of-turn tokens. */
  private pass(delta: string): string {
    if (this.phase !== 'pass') return '';
    let text = this.held + delta;
    this.held = '';

    const stop = firstStopToken(text);
    if (stop) {
      this.stoppedAt = stop.token;
      this.stopOffset = this.pushed - text.length + stop.index;
      this.phase = 'stopped';
      this.warn(
        `the output contained the special token ${stop.token}; stopped there (end_id / stop words don't match the tokenizer, user-pain #14/#15)`,
      );
      return this.strip(text.slice(0, stop.index));
    }
    const hold = partialTokenStart(text);
    if (hold !== -1) {
      this.held = text.slice(hold);
      text = text.slice(0, hold);
    }
    return this.strip(text);
  }

  private strip(text: string): string {
    let out = text;
    for (const token of STRIP_TOKENS) out = out.split(token).join('');
    out = out.replace(new RegExp(GENERIC_SPECIAL.source, 'g'), (token) => {
      if (!this.strippedGeneric.has(token)) {
        this.strippedGeneric.add(token);
        this.warn(`removed the special token ${token} from the output`);
      }
      return '';
    });
    return out;
  }

  private warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }
}

/** Clean a complete (non-streamed) answer. */
export function cleanAnswer(text: string, options: HygieneOptions = {}): { text: string; warnings: string[]; stoppedAt?: string } {
  const filter = new AnswerFilter(options);
  const out = filter.push(text) + filter.end();
  return filter.stoppedAt === undefined
    ? { text: out, warnings: filter.warnings }
    : { text: out, warnings: filter.warnings, stoppedAt: filter.stoppedAt };
}

/** What the server shows when it decodes our own templated prompt with special tokens skipped. */
function removeSpecialTokens(text: string): string {
  let out = text;
  for (const token of [...STOP_TOKENS, ...STRIP_TOKENS]) out = out.split(token).join('');
  return out.replace(new RegExp(GENERIC_SPECIAL.source, 'g'), '');
}

function firstStopToken(text: string): { token: string; index: number } | undefined {
  let best: { token: string; index: number } | undefined;
  for (const token of STOP_TOKENS) {
    const index = text.indexOf(token);
    if (index !== -1 && (best === undefined || index < best.index)) best = { token, index };
  }
  return best;
}

/** Index where a special token may be starting but is not complete yet, or -1. */
function partialTokenStart(text: string): number {
  const from = Math.max(0, text.length - MAX_TOKEN_HOLD);
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '<' && ch !== '[') continue;
    const tail = text.slice(i);
    if ([...STOP_TOKENS, ...STRIP_TOKENS].some((token) => token.length > tail.length && token.startsWith(tail))) return i;
    if (/^<\|[A-Za-z0-9_]*\|?$/.test(tail)) return i;
  }
  return -1;
}

/**
 * Recognises "[system\n<anything>\n]role\ncontent\n...assistant\n" at the start of the output:
 * the server-rendered ChatML prompt with its special tokens removed. The system block is optional
 * and free-form because the server may inject a default system prompt we never sent
 * ("You are Qwen, created by Alibaba Cloud...").
 */
class LeakMatcher {
  private readonly pattern: RegExp;
  /** Same, but accepting output that ends right after "assistant" (only once the output is complete). */
  private readonly finalPattern: RegExp;
  private readonly lastContent: string;
  private readonly limit: number;

  constructor(messages: ReadonlyArray<{ role: string; content: string }>) {
    // The markers are optional: servers that skip special tokens drop them, others keep them.
    const start = '(?:<\\|im_start\\|>)?';
    const end = '(?:<\\|im_end\\|>)?';
    const parts = messages.map((m) => `${start}${escapeRole(m.role)}[ \\t]*\\n${flexible(m.content.trim())}${end}`);
    const defaultSystem = messages[0]?.role === 'system' ? '' : `(?:${start}system[ \\t]*\\n[\\s\\S]*?${end}\\n\\s*)?`;
    const body = `^\\s*${defaultSystem}${parts.join('\\s*')}\\s*\\n\\s*${start}assistant[ \\t]*`;
    this.pattern = new RegExp(`${body}\\n`);
    this.finalPattern = new RegExp(`${body}(?:\\n|$)`);
    this.lastContent = messages[messages.length - 1]?.content.trim() ?? '';
    this.limit = messages.reduce((n, m) => n + m.content.length + m.role.length + 2, 0) + LEAK_SLACK;
  }

  /** Length of the leaked prefix, or undefined. */
  match(text: string, final: boolean): number | undefined {
    const m = (final ? this.finalPattern : this.pattern).exec(text);
    return m ? m[0].length : undefined;
  }

  /** Whether more output could still complete a leak (so the text must be held back). */
  couldStillMatch(text: string): boolean {
    if (text.length > this.limit) return false;
    const head = text.trimStart();
    const startsLikeLeak = ['system\n', 'user\n', '<|im_start|>system\n', '<|im_start|>user\n'].some((p) => head.startsWith(p) || p.startsWith(head));
    if (!startsLikeLeak) return false;
    // Once the last message and the assistant marker have both gone by without a match, it is no leak.
    const at = this.lastContent ? text.indexOf(this.lastContent) : -1;
    if (at === -1) return true;
    const after = text.slice(at + this.lastContent.length);
    return !/\n\s*(?:<\|im_start\|>)?assistant[ \t]*\n/.test(after) && after.length < 64;
  }
}

function escapeRole(role: string): string {
  return role.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Regex for `text` that tolerates whitespace differences introduced by detokenisation. */
function flexible(text: string): string {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
}
