// STAND-IN FOR TESTS: not Triton/TRT-LLM; speaks the documented protocols so the client can be tested without a GPU.
//
// One HTTP server that answers like one of trtforge's three serve modes:
//   - "triton":       KServe v2 health + generate / generate_stream of the inflight_batcher_llm
//                     ensemble and tensorrt_llm_bls models (Triton 25.01, TRT-LLM backend 0.17);
//   - "trtllm-serve": TensorRT-LLM 0.17's OpenAI-compatible server (/health, /v1/...);
//   - "openai":       Triton's OpenAI-compatible frontend r25.01 (/health/ready, /v1/...).
// Output is deterministic (a fixed answer split into word tokens), and switches reproduce each
// failure the client must report clearly plus the seed deployment's two output defects: the
// prompt echoed in text_output (exclude_input_in_output=false) and the chat template leaking as
// "system\n...\nuser\n...\nassistant\n" in OpenAI-frontend output.
//
// Plain ESM JavaScript (typed by index.d.ts) so `node test/stand-ins/llm-server/index.js` runs on
// bare Node 20 without a TypeScript loader.
import { createServer } from 'node:http';
import { EventEmitter, once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const DEFAULT_ANSWER = 'The stand-in answers in ten small deterministic tokens every time.';
export const QWEN_DEFAULT_SYSTEM = 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.';
/** Appended when `trailingSpecial` is on: what a model emits when end_id doesn't match <|im_end|>. */
export const TRAILING_SPECIAL = ['<|im_end|>', '\n', '<|im_start|>', 'user', '\nAnd', ' another', ' turn'];

const TRITON_MODELS = ['ensemble', 'tensorrt_llm_bls', 'tensorrt_llm', 'preprocessing', 'postprocessing'];
const TEXT_MODELS = new Set(['ensemble', 'tensorrt_llm_bls']);
const SPECIAL = /<\|[A-Za-z0-9_]+\|>/g;

/** @param {import('./index.js').StandInOptions} [options] */
export async function startStandInServer(options = {}) {
  const config = resolveOptions(options);
  if (['0.0.0.0', '::', '[::]', ''].includes(config.host)) {
    throw new Error(`stand-in refuses to bind ${JSON.stringify(config.host)}: it binds loopback only (default 127.0.0.1)`);
  }
  const events = new EventEmitter();
  /** @type {import('./index.js').RecordedRequest[]} */
  const requests = [];
  const stats = { streamsStarted: 0, streamsCompleted: 0, disconnects: 0, tokensSent: 0 };
  const state = { config, events, requests, stats };

  const server = createServer((req, res) => {
    handle(state, req, res).catch((error) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error && error.message ? error.message : error) });
      else res.destroy();
    });
  });
  server.listen(config.port, config.host);
  await once(server, 'listening');
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${hostForUrl}:${address.port}`,
    host: address.address,
    port: address.port,
    mode: config.mode,
    requests,
    stats,
    events,
    /** Change switches while running (e.g. flip `ready`). */
    set(patch) {
      Object.assign(config, patch);
    },
    /** Resolves at the next client disconnect during a stream (or rejects after `timeoutMs`). */
    waitForDisconnect(timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no client disconnect within ${timeoutMs} ms`)), timeoutMs);
        events.once('disconnect', (info) => {
          clearTimeout(timer);
          resolve(info);
        });
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

function resolveOptions(options) {
  const mode = options.mode ?? 'triton';
  if (!['triton', 'trtllm-serve', 'openai'].includes(mode)) throw new Error(`unknown stand-in mode ${mode}`);
  return {
    mode,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    models: options.models ?? (mode === 'trtllm-serve' ? ['Qwen2.5-0.5B-Instruct'] : TRITON_MODELS),
    answer: options.answer ?? DEFAULT_ANSWER,
    echoPrompt: options.echoPrompt ?? false,
    leakTemplate: options.leakTemplate ?? false,
    trailingSpecial: options.trailingSpecial ?? false,
    decoupled: options.decoupled ?? true,
    ready: options.ready ?? true,
    maxInputLen: options.maxInputLen,
    queueFull: options.queueFull ?? false,
    emptyContent: options.emptyContent ?? false,
    tokenizer: options.tokenizer ?? true,
    tokenDelayMs: options.tokenDelayMs ?? 0,
    streamForever: options.streamForever ?? false,
    dropAfterTokens: options.dropAfterTokens,
    stallMs: options.stallMs ?? 0,
    defaultSystem: options.defaultSystem ?? QWEN_DEFAULT_SYSTEM,
  };
}

async function handle(state, req, res) {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const raw = req.method === 'POST' ? await readBody(req) : '';
  let body;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    body = undefined;
  }
  state.requests.push({ method: req.method ?? 'GET', path: url.pathname, body, raw });
  state.events.emit('request', { method: req.method, path: url.pathname, body });
  if (state.config.mode === 'triton') return handleTriton(state, req, res, url, body, raw);
  return handleOpenAi(state, req, res, url, body, raw);
}

// ---------------------------------------------------------------- KServe v2 (mode "triton")

async function handleTriton(state, req, res, url, body, raw) {
  const { config } = state;
  const path = url.pathname;
  if (req.method === 'GET' && path === '/v2/health/live') return sendJson(res, 200, {});
  if (req.method === 'GET' && path === '/v2/health/ready') return sendJson(res, config.ready ? 200 : 503, {});
  if (req.method === 'POST' && path === '/v2/repository/index') {
    return sendJson(res, 200, config.models.map((name) => ({ name, version: '1', state: config.ready ? 'READY' : 'LOADING' })));
  }
  const match = /^\/v2\/models\/([^/]+)(?:\/versions\/[^/]+)?(\/ready|\/generate|\/generate_stream)?$/.exec(path);
  if (!match) return sendJson(res, 404, { error: 'Not Found' });
  const model = decodeURIComponent(match[1]);
  const action = match[2] ?? '';
  const known = config.models.includes(model);

  if (req.method === 'GET' && action === '/ready') return sendJson(res, known && config.ready ? 200 : 400, known ? {} : { error: unknownModel(model) });
  if (req.method === 'GET' && action === '') {
    if (!known) return sendJson(res, 400, { error: unknownModel(model) });
    return sendJson(res, 200, { name: model, versions: ['1'], platform: model === 'ensemble' ? 'ensemble' : 'python' });
  }
  if (req.method !== 'POST' || (action !== '/generate' && action !== '/generate_stream')) return sendJson(res, 405, { error: 'Method Not Allowed' });

  if (!config.ready) return sendJson(res, 503, { error: 'Server not ready: models are still loading' });
  if (!known) return sendJson(res, 400, { error: unknownModel(model) });
  if (!TEXT_MODELS.has(model)) return sendJson(res, 400, { error: `[request id: <id_unknown>] unexpected inference input 'text_input' for model '${model}'` });
  if (body === undefined) return sendJson(res, 400, { error: `failed to parse the request JSON buffer: ${raw.slice(0, 40)}` });
  if (typeof body.text_input !== 'string') return sendJson(res, 400, { error: `[request id: <id_unknown>] expected 1 inputs but got 0 inputs for model '${model}'. Got input(s) [], but missing required input(s) ['text_input']` });
  if (config.queueFull) return sendJson(res, 503, { error: 'Exceeds maximum queue size' });
  if (config.stallMs > 0) await sleep(config.stallMs);
  const promptTokens = countTokens(body.text_input);
  if (config.maxInputLen !== undefined && promptTokens > config.maxInputLen) {
    return sendJson(res, 400, {
      error: `in ensemble '${model}', Prompt length (${promptTokens}) exceeds maximum input length (${config.maxInputLen}). Set log level to info and check TRTGptModel logs for how maximum input length is set (/tmp/tritonbuild/tensorrtllm/inflight_batcher_llm/src/utils.cc:511)`,
    });
  }

  const wantsStream = body.stream === true;
  const echo = config.leakTemplate ? stripSpecial(body.text_input) : config.echoPrompt ? body.text_input : undefined;
  const tokens = answerTokens(config, Number(body.max_tokens ?? 16));
  const envelope = (text) => ({ model_name: model, model_version: '1', sequence_end: false, sequence_id: 0, sequence_start: false, text_output: text });

  if (action === '/generate') {
    // Triton's unary HTTP path cannot take several responses from a decoupled model (user-pain #9).
    if (config.decoupled) return sendJson(res, 400, { error: "HTTP end point doesn't support models with decoupled transaction policy" });
    if (wantsStream) return sendJson(res, 400, { error: 'Streaming is only supported if model is deployed using decoupled mode.' });
    state.stats.tokensSent += tokens.length;
    return sendJson(res, 200, envelope((echo ?? '') + tokens.join('')));
  }

  // generate_stream: Triton answers 200 and reports model errors as SSE error events.
  startSse(res);
  if (wantsStream && !config.decoupled) {
    writeEvent(res, { error: 'Streaming is only supported if model is deployed using decoupled mode.' });
    return res.end();
  }
  if (!wantsStream) {
    // stream=false on generate_stream: a single final response with the whole text.
    writeEvent(res, envelope((echo ?? '') + tokens.join('')));
    state.stats.tokensSent += tokens.length;
    return res.end();
  }
  await streamTokens(state, res, { echo, tokens, frame: (text) => envelope(text) });
}

// ---------------------------------------------------------------- OpenAI (modes "trtllm-serve" and "openai")

async function handleOpenAi(state, req, res, url, body, raw) {
  const { config } = state;
  const path = url.pathname;
  const isTrtllmServe = config.mode === 'trtllm-serve';
  const fail = (status, message, type = 'BadRequestError') =>
    // trtllm-serve answers vLLM-style error objects; the FastAPI frontend answers {"detail": ...}.
    isTrtllmServe ? sendJson(res, status, { object: 'error', message, type, param: null, code: status }) : sendJson(res, status, { detail: message });

  if (req.method === 'GET' && path === (isTrtllmServe ? '/health' : '/health/ready')) return sendJson(res, config.ready ? 200 : 503, {});
  if (req.method === 'GET' && path === '/v1/models') {
    const created = 1740542446;
    return sendJson(res, 200, { object: 'list', data: config.models.map((id) => ({ id, object: 'model', created, owned_by: isTrtllmServe ? 'tensorrt_llm' : 'Triton Inference Server' })) });
  }
  const isChat = path === '/v1/chat/completions';
  if (req.method !== 'POST' || (!isChat && path !== '/v1/completions')) return sendJson(res, 404, { detail: 'Not Found' });

  if (!config.ready) return fail(503, 'Server not ready', 'ServiceUnavailableError');
  if (body === undefined) return fail(400, `Invalid JSON body: ${raw.slice(0, 40)}`);
  const model = String(body.model ?? '');
  // trtllm-serve serves one model and does not check the name; the frontend routes by it.
  if (!isTrtllmServe) {
    if (!config.models.includes(model)) return fail(400, `Unknown model: ${model}`);
    if (!TEXT_MODELS.has(model)) return fail(400, `Unknown inference request format for model: ${model}`);
    if (isChat && !config.tokenizer) return fail(500, 'Unknown tokenizer');
  }
  if (config.queueFull) {
    return isTrtllmServe ? fail(429, 'Maximum queue size of 4 has been reached, rejecting request', 'TooManyRequestsError') : fail(503, 'Exceeds maximum queue size');
  }
  if (config.stallMs > 0) await sleep(config.stallMs);

  const messages = Array.isArray(body.messages) ? body.messages : [];
  const prompt = isChat ? renderChatMl(config.defaultSystem, messages) : String(body.prompt ?? '');
  const promptTokens = countTokens(prompt);
  if (config.maxInputLen !== undefined && promptTokens > config.maxInputLen) {
    return fail(400, `Prompt length (${promptTokens}) exceeds maximum input length (${config.maxInputLen}). Set log level to info and check TRTGptModel logs for how maximum input length is set`);
  }
  const stream = body.stream === true;
  if (stream && !isTrtllmServe && !config.decoupled) {
    return fail(400, 'in ensemble, Streaming is only supported if model is deployed using decoupled mode.');
  }

  // The seed's defects: the server-rendered prompt comes back in front of the answer, either
  // with its special tokens (echo) or decoded with them skipped (the "system\n...assistant\n" leak).
  const echo = config.leakTemplate ? stripSpecial(prompt) : config.echoPrompt ? prompt : undefined;
  const maxTokens = Number(body.max_tokens ?? 16);
  const tokens = config.emptyContent ? [] : answerTokens(config, maxTokens);
  const finish = tokens.length >= maxTokens ? 'length' : 'stop';
  const id = isChat ? 'chatcmpl-standin0000' : 'cmpl-standin0000';
  const created = 1740542446;
  const object = isChat ? 'chat.completion' : 'text_completion';
  const usage = { prompt_tokens: promptTokens, completion_tokens: tokens.length, total_tokens: promptTokens + tokens.length };

  if (!stream) {
    const text = config.emptyContent ? '' : (echo ?? '') + tokens.join('');
    state.stats.tokensSent += tokens.length;
    const choice = isChat
      ? { index: 0, message: { role: 'assistant', content: text, tool_calls: [] }, logprobs: null, finish_reason: finish, stop_reason: null }
      : { index: 0, text, logprobs: null, finish_reason: finish, stop_reason: null };
    return sendJson(res, 200, { id, object, created, model, choices: [choice], usage });
  }

  startSse(res);
  const chunkObject = isChat ? 'chat.completion.chunk' : 'text_completion';
  const frame = (text, finishReason = null) => ({
    id,
    object: chunkObject,
    created,
    model,
    choices: [isChat ? { index: 0, delta: { content: text }, logprobs: null, finish_reason: finishReason } : { index: 0, text, logprobs: null, finish_reason: finishReason }],
  });
  if (isChat) writeEvent(res, { id, object: chunkObject, created, model, choices: [{ index: 0, delta: { role: 'assistant' }, logprobs: null, finish_reason: null }] });
  const completed = await streamTokens(state, res, { echo, tokens, frame, end: false });
  if (!completed) return;
  writeEvent(res, { ...frame('', finish), ...(isTrtllmServe ? {} : { usage: null }) });
  res.write('data: [DONE]\n\n');
  res.end();
}

// ---------------------------------------------------------------- streaming

/**
 * Write the echo (split into chunks, like a real server streaming decoded tokens) and then the
 * answer tokens, pacing by `tokenDelayMs`. Stops as soon as the client goes away and records the
 * disconnect, which is what the client's abort tests assert on. Returns false when cut short.
 */
async function streamTokens(state, res, { echo, tokens, frame, end = true }) {
  const { config, stats, events } = state;
  stats.streamsStarted++;
  let closed = false;
  let sent = 0;
  res.on('close', () => {
    if (!res.writableFinished) {
      closed = true;
      stats.disconnects++;
      events.emit('disconnect', { tokensSent: sent });
    }
  });
  const pieces = echo ? chunkText(echo, 7) : [];
  for (const piece of pieces) {
    if (closed) return false;
    writeEvent(res, frame(piece));
    await pace(config);
  }
  const forever = config.streamForever;
  const cycle = forever ? answerTokens({ ...config, trailingSpecial: false }, Infinity) : [];
  for (let i = 0; forever || i < tokens.length; i++) {
    if (closed) return false;
    if (config.dropAfterTokens !== undefined && sent >= config.dropAfterTokens) {
      res.socket?.destroy();
      return false;
    }
    const token = forever ? cycle[i % Math.max(cycle.length, 1)] ?? ' token' : tokens[i];
    writeEvent(res, frame(token));
    sent++;
    stats.tokensSent++;
    // A stream that never ends must yield to the event loop even with tokenDelayMs 0.
    await pace(config, forever ? 5 : 0);
  }
  if (closed) return false;
  stats.streamsCompleted++;
  if (end) res.end();
  return true;
}

function pace(config, minimum = 0) {
  const ms = Math.max(config.tokenDelayMs, minimum);
  return ms > 0 ? sleep(ms) : new Promise((resolve) => setImmediate(resolve));
}

function startSse(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
}

function writeEvent(res, payload) {
  res.write(`data: ${JSON.stringify(payload)}\n\n`);
}

// ---------------------------------------------------------------- text helpers

/** Deterministic "generation": the answer's word tokens (leading space kept), capped by max_tokens. */
function answerTokens(config, maxTokens) {
  const words = config.answer.match(/\s*\S+/g) ?? [];
  const all = config.trailingSpecial ? [...words, ...TRAILING_SPECIAL] : words;
  const cap = Number.isFinite(maxTokens) && maxTokens >= 0 ? maxTokens : all.length;
  return all.slice(0, cap);
}

/** The stand-in's "tokenizer": whitespace-separated words, and each special token counts once. */
export function countTokens(text) {
  return (text.replace(SPECIAL, ' § ').match(/\S+/g) ?? []).length;
}

/** ChatML as Qwen2.5's template renders it (default system prompt when none is given). */
export function renderChatMl(defaultSystem, messages) {
  let out = '';
  if (messages[0]?.role !== 'system') out += `<|im_start|>system\n${defaultSystem}<|im_end|>\n`;
  for (const m of messages) out += `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`;
  return `${out}<|im_start|>assistant\n`;
}

/** What detokenising with skip_special_tokens=True leaves of a ChatML prompt. */
export function stripSpecial(text) {
  return text.replace(SPECIAL, '');
}

function chunkText(text, size) {
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function unknownModel(model) {
  return `Request for unknown model: '${model}' is not found`;
}

function sendJson(res, status, payload) {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

// ---------------------------------------------------------------- CLI

const USAGE = `usage: node test/stand-ins/llm-server/index.js [--mode triton|trtllm-serve|openai] [--host 127.0.0.1] [--port 8000]
  [--echo-prompt] [--leak-template] [--trailing-special] [--no-decoupled] [--not-ready] [--queue-full]
  [--max-input-len N] [--empty-content] [--no-tokenizer] [--token-delay-ms N] [--stall-ms N] [--answer TEXT]`;

/** Parse CLI flags into options (exported for tests). */
export function parseArgs(argv) {
  const options = {};
  const flags = {
    '--echo-prompt': ['echoPrompt', true],
    '--leak-template': ['leakTemplate', true],
    '--trailing-special': ['trailingSpecial', true],
    '--no-decoupled': ['decoupled', false],
    '--not-ready': ['ready', false],
    '--queue-full': ['queueFull', true],
    '--empty-content': ['emptyContent', true],
    '--no-tokenizer': ['tokenizer', false],
    '--stream-forever': ['streamForever', true],
  };
  const values = { '--mode': 'mode', '--host': 'host', '--answer': 'answer' };
  const numbers = { '--port': 'port', '--max-input-len': 'maxInputLen', '--token-delay-ms': 'tokenDelayMs', '--stall-ms': 'stallMs' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg in flags) {
      const [key, value] = flags[arg];
      options[key] = value;
    } else if (arg in values || arg in numbers) {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      if (arg in values) options[values[arg]] = value;
      else {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0) throw new Error(`${arg} expects a non-negative integer, got ${JSON.stringify(value)}`);
        options[numbers[arg]] = n;
      }
    } else {
      throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  return options;
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    process.exitCode = 2;
    return;
  }
  const server = await startStandInServer({ port: 8000, ...options });
  console.log(`stand-in (${server.mode}) listening on ${server.url} — STAND-IN FOR TESTS, not Triton/TRT-LLM`);
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
