/**
 * `trtforge infer <model> "<prompt>"`: one request to a running deployment, in whatever mode the
 * plan serves it (Triton generate / generate_stream, trtllm-serve, Triton's OpenAI frontend).
 *
 * Prints only the answer on stdout (streamed token by token when streaming) and a one-line
 * summary on stderr, so `trtforge infer m "..." > answer.txt` captures just the model's text.
 */
import { stat, readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import pc from 'picocolors';
import type { ChatTemplate, InferResult, PlanServeInfo, Target } from '@trtforge/client';
import type { ServeModeName } from '@trtforge/spec';
import { CliError } from '../cli-error.js';
import { client, loadClient } from '../runner.js';
import { SERVE_MODE_CHOICES } from './run/serve-modes.js';
import { nonNegativeNumber, positiveInteger, positiveNumber } from './run/number-options.js';

/** Flags as commander hands them over (all optional: undefined means "decide from the plan"). */
export interface InferFlags {
  url?: string;
  mode?: string;
  stream?: boolean;
  chat?: boolean;
  maxTokens?: number;
  temperature?: number;
  system?: string;
  json?: boolean;
  servedModel?: string;
  tokenizerDir?: string;
  /** Seconds. */
  timeout?: number;
}

/** Where output goes and what the command may touch; injectable so tests run it in-process. */
export interface InferIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
  /** Aborting it (Ctrl-C) stops the request cleanly. */
  signal?: AbortSignal;
  /** Read when the prompt is "-". */
  stdin?: AsyncIterable<string | Uint8Array>;
  color?: boolean;
  fetch?: typeof fetch;
  /** Repository root (the global --root); default: nearest ancestor with generated/ and a workspaces package.json. */
  root?: string;
}

const DEFAULT_MAX_TOKENS = 256;
const DEFAULT_TIMEOUT_S = 120;

export function registerInfer(program: Command): void {
  program
    .command('infer')
    .description('send one prompt to a running deployment and print the answer')
    .argument('<model>', 'deployment name (generated/<model>/plan.json)')
    .argument('<prompt>', 'the prompt ("-" reads it from stdin)')
    .addOption(new Option('--url <url>', 'server URL, overriding the plan (origin, or a full endpoint URL)'))
    .addOption(new Option('--mode <mode>', 'serve mode, overriding the plan').choices(SERVE_MODE_CHOICES))
    .option('--stream', 'stream tokens as they are generated (default when the deployment streams)')
    .option('--no-stream', 'wait for the whole answer')
    .option('--chat', 'send the prompt as a chat turn, applying the chat template (default for instruct models)')
    .option('--no-chat', 'send the prompt as raw text (/generate text_input or /v1/completions)')
    .option('--max-tokens <n>', `most tokens to generate (default ${DEFAULT_MAX_TOKENS})`, positiveInteger)
    .option('--temperature <t>', 'sampling temperature (default: the server\'s)', nonNegativeNumber)
    .option('--system <text>', 'system prompt (chat only)')
    .option('--json', 'print the raw response (one JSON document per line when streaming)')
    .option('--served-model <name>', 'model name at the server (Triton: ensemble | tensorrt_llm_bls; OpenAI: the model id)')
    .option('--tokenizer-dir <dir>', 'tokenizer directory for the chat template (mode triton; default: the plan\'s)')
    .option('--timeout <seconds>', `give up after this long without a response or a new token (default ${DEFAULT_TIMEOUT_S})`, positiveNumber)
    .action(async (model: string, prompt: string, flags: InferFlags, command: Command) => {
      const controller = new AbortController();
      // Ctrl-C stops the stream cleanly (socket closed, summary printed, exit 130) instead of killing mid-line.
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      try {
        const { root } = command.optsWithGlobals<{ root?: string }>();
        const io: InferIo = {
          stdout: process.stdout,
          stderr: process.stderr,
          cwd: process.cwd(),
          signal: controller.signal,
          stdin: process.stdin,
          color: pc.isColorSupported,
          ...(root === undefined ? {} : { root }),
        };
        const result = await runInfer(model, prompt, flags, io);
        if (result.aborted) process.exitCode = 130;
      } catch (error) {
        // Expected failures are one line (main prints CliError messages without a stack).
        if (error instanceof (await loadClient()).ClientError) throw new CliError(error.message);
        throw error;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}

/** Run one inference; throws ClientError (one-line message) on failure. */
export async function runInfer(model: string, prompt: string, flags: InferFlags, io: InferIo): Promise<InferResult> {
  await loadClient();
  const colors = pc.createColors(io.color ?? false);
  const mode = flags.mode === undefined ? undefined : parseMode(flags.mode);
  const root = io.root === undefined ? await findRepoRoot(io.cwd) : resolve(io.cwd, io.root);
  const plan = root === undefined ? undefined : await readPlan(root, model);
  if (plan === undefined && flags.url === undefined) {
    const where = root === undefined ? `no trtforge repository (a directory with generated/ and a workspaces package.json) above ${io.cwd}` : `no plan at generated/${model}/plan.json`;
    throw new (client().ClientError)('BAD_TARGET', `${where}; run \`trtforge compile ${model}\` first, or pass --url`);
  }

  let target = await resolveTarget(plan, mode, flags.url, io.fetch);
  if (flags.servedModel !== undefined) target = client().withServedModel(target, flags.servedModel);

  const chat = flags.chat ?? looksLikeInstruct([model, plan?.modelDir, plan?.tokenizerDir, target.model], target.mode);
  const stream = flags.stream ?? (target.mode !== 'triton' || target.endpoints.generate_stream !== undefined);
  const chatTemplate = chat && target.mode === 'triton' ? await findChatTemplate(flags.tokenizerDir ?? plan?.tokenizerDir, root ?? io.cwd, io.cwd) : undefined;
  const text = prompt === '-' ? await readAll(io.stdin) : prompt;

  const llm = new (client().LlmClient)({
    target,
    timeoutMs: (flags.timeout ?? DEFAULT_TIMEOUT_S) * 1000,
    deployment: model,
    ...(chatTemplate === undefined ? {} : { chatTemplate }),
    ...(plan?.maxInputLen === undefined ? {} : { maxInputLen: plan.maxInputLen }),
    ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
  });

  let printed = '';
  const result = await llm.infer({
    prompt: text,
    chat,
    stream,
    maxTokens: flags.maxTokens ?? DEFAULT_MAX_TOKENS,
    ...(flags.temperature === undefined ? {} : { temperature: flags.temperature }),
    ...(flags.system === undefined ? {} : { system: flags.system }),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
    hygiene: !flags.json,
    ...(flags.json
      ? { onRaw: (payload: unknown) => void io.stdout.write(`${JSON.stringify(payload)}\n`) }
      : {
          onText: (piece: string) => {
            printed += piece;
            io.stdout.write(piece);
          },
        }),
  });
  if (!flags.json && printed !== '' && !printed.endsWith('\n')) io.stdout.write('\n');

  for (const warning of result.warnings) io.stderr.write(`${colors.yellow('trtforge: warning:')} ${warning}\n`);
  io.stderr.write(`${colors.dim(formatSummary(result))}\n`);
  return result;
}

/** `trtforge: 10 tokens · ttft 35 ms · total 412 ms · 24.3 tok/s · triton generate_stream ensemble` */
export function formatSummary(result: InferResult): string {
  const parts: string[] = [];
  parts.push(result.tokens === undefined ? 'tokens n/a' : `${result.tokensExact ? '' : '~'}${result.tokens} tokens`);
  if (result.ttftMs !== undefined) parts.push(`ttft ${formatMs(result.ttftMs)}${result.streamed ? '' : ' (not streamed)'}`);
  parts.push(`total ${formatMs(result.totalMs)}`);
  if (result.tokens !== undefined && result.tokens > 0 && result.totalMs > 0) {
    parts.push(`${(result.tokens / (result.totalMs / 1000)).toFixed(1)} tok/s`);
  }
  parts.push(`${result.mode} ${result.endpoint}${result.model ? ` ${result.model}` : ''}`);
  if (result.aborted) parts.push('interrupted');
  else if (result.finishReason !== undefined) parts.push(`finish ${result.finishReason}`);
  return `trtforge: ${parts.join(' · ')}`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

async function resolveTarget(plan: PlanServeInfo | undefined, mode: ServeModeName | undefined, url: string | undefined, fetchImpl?: typeof fetch): Promise<Target> {
  if (plan !== undefined) {
    const chosen = mode ?? plan.selected;
    const step = plan.modes[chosen];
    if (step === undefined) {
      throw new (client().ClientError)('BAD_TARGET', `the plan for '${plan.deployment}' has no serve mode '${chosen}' (it has ${Object.keys(plan.modes).join(', ')})`);
    }
    return client().targetFromServeStep(step, url);
  }
  const bare = url as string;
  if (mode !== undefined || /^[a-z]+:\/\/[^/]+\/.+/i.test(bare)) return client().targetFromUrl(bare, mode);
  // A bare origin and no plan: ask the server what it is.
  const origin = client().targetFromUrl(bare, 'triton').origin;
  const detected = await client().detectMode(origin, fetchImpl);
  if (detected === undefined) {
    throw new (client().ClientError)('BAD_TARGET', `the server at ${origin} answers none of the Triton / trtllm-serve / OpenAI-frontend health endpoints; pass --mode`);
  }
  return client().targetFromUrl(bare, detected);
}

/** Instruct/chat checkpoints get chat by default; with nothing to go on, only server-templated modes do. */
function looksLikeInstruct(names: ReadonlyArray<string | undefined>, mode: ServeModeName): boolean {
  const known = names.filter((n): n is string => n !== undefined && n !== '');
  if (known.some((n) => /instruct|chat|(?:^|[-_])it(?:$|[-_/])/i.test(n))) return true;
  if (known.some((n) => /(?:^|[-_/])base(?:$|[-_/])/i.test(n))) return false;
  // "qwen2.5-0.5b" alone says nothing: templated servers get chat, raw Triton text does not.
  return mode !== 'triton';
}

async function findChatTemplate(dir: string | undefined, root: string, cwd: string): Promise<ChatTemplate | undefined> {
  if (dir === undefined) return undefined;
  // Spec paths are absolute or relative to the repository root; a --tokenizer-dir flag is relative to cwd.
  const candidates = isAbsolute(dir) ? [dir] : [resolve(root, dir), resolve(cwd, dir)];
  for (const candidate of candidates) {
    const template = await client().loadChatTemplate(candidate);
    if (template !== undefined) return template;
  }
  return undefined;
}

/** Nearest ancestor with a `generated/` directory and a package.json declaring workspaces. */
export async function findRepoRoot(from: string): Promise<string | undefined> {
  let dir = resolve(from);
  for (;;) {
    if (await isDir(join(dir, 'generated'))) {
      const pkg = await readFile(join(dir, 'package.json'), 'utf8').then(
        (text) => JSON.parse(text) as unknown,
        () => undefined,
      );
      if (typeof pkg === 'object' && pkg !== null && 'workspaces' in pkg) return dir;
    }
    const parent = resolve(dir, '..');
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function readPlan(root: string, model: string): Promise<PlanServeInfo | undefined> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(model)) {
    throw new (client().ClientError)('BAD_TARGET', `invalid model name "${model}": expected the name of a folder under generated/`);
  }
  const relative = `generated/${model}/plan.json`;
  let text: string;
  try {
    text = await readFile(join(root, relative), 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new (client().ClientError)('BAD_TARGET', `${relative} is not valid JSON; recompile with \`trtforge compile ${model}\``);
  }
  return client().parsePlanServe(json, relative);
}

function parseMode(value: string): ServeModeName {
  if ((client().SERVE_MODES as readonly string[]).includes(value)) return value as ServeModeName;
  throw new (client().ClientError)('BAD_TARGET', `invalid --mode "${value}": expected one of ${client().SERVE_MODES.join(', ')}`);
}

async function readAll(stdin: AsyncIterable<string | Uint8Array> | undefined): Promise<string> {
  if (stdin === undefined) return '';
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return (text + decoder.decode()).replace(/\n$/, '');
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
