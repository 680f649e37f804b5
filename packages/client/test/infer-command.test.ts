/**
 * `trtforge infer` end to end against the stand-in: plan → target → request → printed answer.
 * Runs the command module in-process (runInfer), and the built CLI as a child process when
 * packages/cli/dist is present and up to date.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ANSWER, QWEN_DEFAULT_SYSTEM, type StandInServer } from '../../../test/stand-ins/llm-server/index.js';
import { runInfer, type InferFlags } from '../../cli/src/commands/infer.js';
import { ClientError, loadChatTemplate, messagesFor, renderChat } from '../src/index.js';
import { closedPort, standIn } from './helpers.js';

const MODEL = 'qwen2.5-0.5b';
const FIXTURE_TOKENIZER = fileURLToPath(new URL('./fixtures/qwen2.5-0.5b-instruct/', import.meta.url));
const CLI_DIR = fileURLToPath(new URL('../../cli/', import.meta.url));
const CLIENT_DIR = fileURLToPath(new URL('../', import.meta.url));

let root: string;
beforeAll(async () => {
  // A throwaway repository: package.json with workspaces, generated/<model>/, a tokenizer dir.
  root = await mkdtemp(join(tmpdir(), 'trtforge-infer-'));
  await writeFile(join(root, 'package.json'), JSON.stringify({ private: true, workspaces: ['models/*'] }));
  await mkdir(join(root, 'generated', MODEL), { recursive: true });
  await cp(FIXTURE_TOKENIZER, join(root, 'tokenizers', 'Qwen2.5-0.5B-Instruct'), { recursive: true });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

type Servers = Partial<Record<'triton' | 'trtllm-serve' | 'openai', StandInServer>>;

/** The plan the compiler would write, pointed at the stand-ins' ports. */
async function writePlan(servers: Servers, selected: keyof Servers): Promise<void> {
  const step = (mode: keyof Servers, server: StandInServer) => ({
    id: 'serve',
    mode,
    host: '127.0.0.1',
    ports: mode === 'openai' ? { openai: server.port } : { http: server.port },
    ready: { port: server.port, path: { triton: '/v2/health/ready', 'trtllm-serve': '/health', openai: '/health/ready' }[mode] },
    endpoints:
      mode === 'triton'
        ? [
            { kind: 'generate', url: `${server.url}/v2/models/ensemble/generate` },
            { kind: 'generate_stream', url: `${server.url}/v2/models/ensemble/generate_stream` },
          ]
        : [
            { kind: 'chat', url: `${server.url}/v1/chat/completions` },
            { kind: 'completions', url: `${server.url}/v1/completions` },
          ],
  });
  const modes = Object.fromEntries(Object.entries(servers).map(([mode, server]) => [mode, step(mode as keyof Servers, server)]));
  const plan = {
    format: 1,
    model: MODEL,
    // Relative to the repository root, as specs may write it.
    inputs: { modelDir: 'tokenizers/Qwen2.5-0.5B-Instruct', tokenizerDir: 'tokenizers/Qwen2.5-0.5B-Instruct' },
    steps: { build: { argv: ['trtllm-build', '--max_input_len', '6'] } },
    serve: { selected, modes },
  };
  await writeFile(join(root, 'generated', MODEL, 'plan.json'), JSON.stringify(plan, null, 2));
}

function io(extra: { signal?: AbortSignal; stdin?: AsyncIterable<string>; cwd?: string } = {}) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => (out.stderr += s) },
      cwd: extra.cwd ?? join(root, 'generated'), // any directory inside the repository
      ...(extra.signal ? { signal: extra.signal } : {}),
      ...(extra.stdin ? { stdin: extra.stdin } : {}),
    },
  };
}

const infer = (prompt: string, flags: InferFlags = {}, extra: Parameters<typeof io>[0] = {}) => {
  const run = io(extra);
  return runInfer(MODEL, prompt, flags, run.io).then((result) => ({ result, ...run.out }));
};

describe('trtforge infer (in-process)', () => {
  it('mode triton from the plan: streams, applies the chat template, prints only the answer', async () => {
    const triton = await standIn({ mode: 'triton', echoPrompt: true });
    await writePlan({ triton }, 'triton');
    const { stdout, stderr, result } = await infer('Say this is a test!');
    // The instruct model (per the plan's modelDir) gets chat, rendered client-side with its template.
    expect(triton.requests.at(-1)?.body.text_input).toBe(
      `<|im_start|>system\n${QWEN_DEFAULT_SYSTEM}<|im_end|>\n<|im_start|>user\nSay this is a test!<|im_end|>\n<|im_start|>assistant\n`,
    );
    expect(stdout).toBe(`${DEFAULT_ANSWER}\n`);
    expect(stderr).toMatch(/warning: the server echoed the prompt/);
    // Durations print as ms below a second and as s above: a loaded machine may cross that line.
    expect(stderr.trim().split('\n').at(-1)).toMatch(/^trtforge: ~10 tokens · ttft (\d+ ms|[\d.]+ s) · total (\d+ ms|[\d.]+ s) · [\d.]+ tok\/s · triton generate_stream ensemble$/);
    expect(result.streamed).toBe(true);
  });

  it.each(['gemma-2-2b-it', 'llama-3.1-8b-instruct', 'phi-3-mini-4k-instruct'])('mode triton with --tokenizer-dir of %s: sends that model\'s own template, rendered', async (name) => {
    // GIVEN a tokenizer dir holding the model's real tokenizer_config.json (fixtures/chat-templates)
    const fixture = JSON.parse(await readFile(join(CLIENT_DIR, 'test/fixtures/chat-templates', `${name}.json`), 'utf8')) as { tokenizer_config: object };
    const dir = join(root, 'tokenizers', name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify(fixture.tokenizer_config));
    const triton = await standIn({ mode: 'triton' });
    await writePlan({ triton }, 'triton');
    await infer('Say this is a test!', { tokenizerDir: dir, chat: true });
    // THEN text_input is exactly what the template renders for the one-turn conversation (the renders
    // themselves are checked against their sources' references in chat-template.test.ts)
    const expected = renderChat(await loadChatTemplate(dir), messagesFor('Say this is a test!')).text;
    expect(triton.requests.at(-1)?.body.text_input).toBe(expected);
    expect(expected).not.toContain('<|im_start|>');
  });

  it('a template that refuses the conversation (Gemma 2 with --system) is one line naming the file; nothing is sent', async () => {
    const fixture = JSON.parse(await readFile(join(CLIENT_DIR, 'test/fixtures/chat-templates/gemma-2-2b-it.json'), 'utf8')) as { tokenizer_config: object };
    const dir = join(root, 'tokenizers', 'gemma-refuses');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify(fixture.tokenizer_config));
    const triton = await standIn({ mode: 'triton' });
    await writePlan({ triton }, 'triton');
    const error = await infer('Hi', { tokenizerDir: dir, chat: true, system: 'Be brief.' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe('BAD_CHAT_TEMPLATE');
    expect((error as ClientError).message).toBe(`the chat template in ${join(dir, 'tokenizer_config.json')} fails on this conversation: System role not supported`);
    expect(triton.requests.filter((r) => r.path.includes('/generate'))).toHaveLength(0);
  });

  it('--no-stream against the decoupled ensemble fails with the decoupled hint', async () => {
    const triton = await standIn({ mode: 'triton', decoupled: true });
    await writePlan({ triton }, 'triton');
    const error = await infer('Hi', { stream: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe('DECOUPLED_NEEDS_STREAM');
  });

  it.each(['trtllm-serve', 'openai'] as const)('--mode %s picks that serve mode from the plan and strips the template leak', async (mode) => {
    const triton = await standIn({ mode: 'triton' });
    const other = await standIn({ mode, leakTemplate: true });
    await writePlan({ triton, [mode]: other }, 'triton');
    const { stdout, stderr } = await infer('Say this is a test!', { mode, system: 'Be brief.', maxTokens: 20, temperature: 0.5 });
    expect(other.requests.at(-1)?.body).toMatchObject({ max_tokens: 20, temperature: 0.5, messages: [{ role: 'system' }, { role: 'user' }] });
    expect(triton.requests).toHaveLength(0);
    expect(stdout).toBe(`${DEFAULT_ANSWER}\n`);
    expect(stderr).toMatch(/chat template as plain text/);
  });

  it('--json prints the raw responses untouched (one JSON document per line)', async () => {
    const openai = await standIn({ mode: 'openai', leakTemplate: true });
    await writePlan({ openai }, 'openai');
    const { stdout } = await infer('Hi', { json: true });
    const docs = stdout.trim().split('\n').map((line) => JSON.parse(line) as { object: string });
    expect(docs.every((d) => d.object === 'chat.completion.chunk')).toBe(true);
    expect(stdout).toContain('system\\n'); // raw means raw: the leak is still there
  });

  it('--url and --served-model override the plan', async () => {
    const planned = await standIn({ mode: 'triton' });
    const elsewhere = await standIn({ mode: 'triton' });
    await writePlan({ triton: planned }, 'triton');
    await infer('Hi', { url: elsewhere.url, servedModel: 'tensorrt_llm_bls', chat: false });
    expect(planned.requests).toHaveLength(0);
    expect(elsewhere.requests.at(-1)?.path).toBe('/v2/models/tensorrt_llm_bls/generate_stream');
  });

  it('--url without a plan detects the serve mode', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'trtforge-noplan-'));
    try {
      const server = await standIn({ mode: 'trtllm-serve' });
      const { stdout, result } = await infer('Hi', { url: server.url }, { cwd: outside });
      expect(result.mode).toBe('trtllm-serve');
      expect(stdout).toBe(`${DEFAULT_ANSWER}\n`);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('reads the prompt from stdin with "-"', async () => {
    const triton = await standIn({ mode: 'triton' });
    await writePlan({ triton }, 'triton');
    await infer('-', { chat: false }, { stdin: Readable.from(['from stdin\n']) });
    expect(triton.requests.at(-1)?.body.text_input).toBe('from stdin');
  });

  it('Ctrl-C (abort) mid-stream prints what arrived and an "interrupted" summary', async () => {
    const triton = await standIn({ mode: 'triton', streamForever: true, tokenDelayMs: 10 });
    await writePlan({ triton }, 'triton');
    const controller = new AbortController();
    const pending = infer('Hi', { chat: false }, { signal: controller.signal });
    // Ctrl-C once tokens are streaming (an event, not a delay a busy machine would stretch)
    while (triton.stats.tokensSent < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const { result, stderr } = await pending;
    expect(result.aborted).toBe(true);
    expect(stderr).toMatch(/· interrupted\n$/);
    await expect(triton.waitForDisconnect(100).catch(() => 'already')).resolves.toBeDefined();
    expect(triton.stats.disconnects).toBe(1);
  });

  it('errors are one line: no plan, no server, prompt too long', async () => {
    const missing = await infer('Hi', {}, { cwd: tmpdir() }).catch((e: unknown) => e as ClientError);
    expect((missing as ClientError).message).toMatch(/run `trtforge compile qwen2\.5-0\.5b` first, or pass --url$/);

    const port = await closedPort();
    const down = await infer('Hi', { url: `http://127.0.0.1:${port}`, mode: 'triton' }).catch((e: unknown) => e as ClientError);
    expect((down as ClientError).message).toBe(`server at http://127.0.0.1:${port} is not running; start it with \`trtforge serve qwen2.5-0.5b\``);

    const triton = await standIn({ mode: 'triton', maxInputLen: 6 });
    await writePlan({ triton }, 'triton');
    const long = await infer('one two three four five six seven', { chat: false }).catch((e: unknown) => e as ClientError);
    expect((long as ClientError).code).toBe('PROMPT_TOO_LONG');
    expect((long as ClientError).message).toContain('(the plan builds max_input_len 6)');
  });
});

/**
 * The built CLI, only when every dist/*.js these tests run (and the CLI's bundle) is at least as new as its source
 * (tsc -b leaves unchanged outputs untouched, so compare file by file).
 */
async function builtCliIsFresh(): Promise<boolean> {
  const mtime = (path: string) => stat(path).then((s) => s.mtimeMs, () => -1);
  const fresh = async (src: string, out: string) => {
    const built = await mtime(out);
    return built > 0 && built >= (await mtime(src));
  };
  const clientSources = (await readdir(join(CLIENT_DIR, 'src'))).filter((f) => f.endsWith('.ts'));
  const checks = [
    fresh(join(CLI_DIR, 'src/main.ts'), join(CLI_DIR, 'dist/main.js')),
    fresh(join(CLI_DIR, 'src/commands/infer.ts'), join(CLI_DIR, 'dist/commands/infer.js')),
    fresh(join(CLI_DIR, 'src/commands/index.ts'), join(CLI_DIR, 'dist/commands/index.js')),
    ...clientSources.map((f) => fresh(join(CLIENT_DIR, 'src', f), join(CLIENT_DIR, 'dist', f.replace(/\.ts$/, '.js')))),
    // bin/trtforge.js runs the CLI's bundle, which carries the client joined in (packages/cli/scripts/bundle.mjs).
    ...clientSources.map((f) => fresh(join(CLIENT_DIR, 'src', f), join(CLI_DIR, 'dist/bundle/client.js'))),
  ];
  return (await Promise.all(checks)).every(Boolean);
}

function runCli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(CLI_DIR, 'bin/trtforge.js'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // A bound for a loaded machine (a cold CLI start took over 10 s at load 20), never what the test waits for.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe.runIf(await builtCliIsFresh())('trtforge infer (built CLI, child process)', { timeout: 90_000 }, () => {
  it('prints the answer on stdout, the summary on stderr, exits 0', async () => {
    const triton = await standIn({ mode: 'triton' });
    await writePlan({ triton }, 'triton');
    const { code, stdout, stderr } = await runCli(['infer', MODEL, 'Say this is a test!'], root);
    expect(code).toBe(0);
    expect(stdout).toBe(`${DEFAULT_ANSWER}\n`);
    expect(stderr).toMatch(/^trtforge: .* triton generate_stream ensemble/m);
  });

  it('exits 1 with one line and no stack trace when the server is down', async () => {
    const port = await closedPort();
    const { code, stdout, stderr } = await runCli(['infer', MODEL, 'Hi', '--url', `http://127.0.0.1:${port}`, '--mode', 'triton'], root);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    // One line (main.ts decides the prefix), the client's message, no stack trace.
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`server at http://127.0.0.1:${port} is not running; start it with \`trtforge serve ${MODEL}\``);
    expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
