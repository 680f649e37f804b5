// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Plays genai-perf 0.0.10 (Triton r25.01 SDK image) `genai-perf profile`: argv checked against
// reference/triton-25.01/genai-perf.json (argparse) plus the cross-option checks of its parser.py
// that the table documents. It then sends --warmup-request-count + --request-count real requests at
// --concurrency to the server at --url — OpenAI chat over HTTP; for --service-kind triton, KServe
// generate_stream as HTTP/JSON on the gRPC port (the stand-ins have no gRPC stack; the stand-in
// tritonserver answers HTTP there) — and writes inputs.json, profile_export.json and
// profile_export_genai_perf.{json,csv} into --artifact-dir. Its figures time the stand-in server:
// they are never a measurement of a model.
// Export layout as read at perf_analyzer r25.01 (45570dff): src/profile_data_exporter.cc (experiments /
// request_inputs / response_outputs / window_boundaries, version, service_kind, endpoint),
// genai-perf/genai_perf/export_data/{json,csv}_exporter.py and exporter_utils.py (metric order, "{:,.2f}" CSV
// values), genai-perf/docs/files.md; summarised in ../shared/reference/triton-25.01/genai-perf.json.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runArgparseTool } from './lib/argparse.mjs';
import { dieOnSignals, failIfAsked, trace } from './lib/behaviour.mjs';
import { loadTable } from './lib/tables.mjs';

const TOOL = 'genai-perf';

function usage(message) {
  process.stderr.write(`usage: genai-perf profile [-h] -m MODEL [options]\ngenai-perf profile: error: ${message}\n`);
  process.exit(2);
}

/** parser.py's checks across options (those the reference table describes). */
function checkCombinations(args, argv) {
  const given = (flag) => argv.some((a) => a === flag || a.startsWith(`${flag}=`));
  const kind = args.service_kind;
  if (kind === 'openai' && !args.endpoint_type) usage("The --endpoint-type option is required when using the 'openai' service-kind.");
  if (given('--backend') && kind !== 'triton') usage('The --backend option should only be used when using the triton service-kind.');
  if (given('--concurrency') && given('--request-rate')) usage('argument --request-rate: not allowed with argument --concurrency');
  if (args.output_tokens_mean_deterministic) {
    if (args.output_tokens_mean === -1) usage('The --output-tokens-mean option is required when using --output-tokens-mean-deterministic.');
    if (kind !== 'triton' && kind !== 'tensorrtllm_engine') usage('The --output-tokens-mean-deterministic option is only supported with the Triton and TensorRT-LLM Engine service-kind.');
  }
  if (given('--output-tokens-stddev') && args.output_tokens_mean === -1) usage('The --output-tokens-mean option is required when using --output-tokens-stddev.');
  if (kind === 'triton' && args.server_metrics_url && !/^https?:\/\/[^/:]+:\d+\/.*metrics/.test(args.server_metrics_url)) {
    usage(`The URL passed for --server-metrics-url is invalid: ${args.server_metrics_url}`);
  }
  if (String(args.profile_export_file).includes('/')) usage('--profile-export-file should not include a path.');
}

/** A local tokenizer directory must hold tokenizer files, or AutoTokenizer fails. */
function checkTokenizer(tokenizer) {
  if (!tokenizer.startsWith('/') && !tokenizer.startsWith('.')) return; // a Hub id: the stand-in never downloads
  const files = existsSync(tokenizer) ? readdirSync(tokenizer) : [];
  if (!files.some((f) => f === 'tokenizer.json' || f === 'tokenizer.model' || f === 'vocab.json')) {
    process.stderr.write(`OSError: Can't load tokenizer for '${tokenizer}'. Make sure '${tokenizer}' is the correct path to a directory containing all relevant files.\n`);
    process.exit(1);
  }
}

const words = (n) => Array.from({ length: n }, (_, i) => ['the', 'model', 'reads', 'this', 'prompt'][i % 5]).join(' ');

/** Reads an SSE body, calling `onData` with each `data:` payload as it arrives. */
async function readEvents(response, onData) {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let cut;
    while ((cut = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, cut).trim();
      buffer = buffer.slice(cut + 1);
      if (line.startsWith('data:')) onData(line.slice(5).trim());
    }
  }
}

/** One request the way genai-perf's converters shape it; resolves with perf_analyzer-like timestamps (ns). */
async function send(args, prompt) {
  const start = process.hrtime.bigint();
  const stamps = [];
  const outputs = [];
  // perf_analyzer's profile export keeps each request's inputs and raw responses (src/profile_data_exporter.cc):
  // KServe inputs by tensor name; for OpenAI one `payload` input (the JSON body) and `response` strings as received.
  // Every response perf_analyzer received, with its time; genai-perf then drops the empty ones (the
  // role-only chunk, [DONE]) before computing metrics, as `stamps`/`outputs` here do.
  let requestInputs;
  const responses = [];
  const responseStamps = [];
  const fail = (message) => {
    throw new Error(message);
  };
  const base = `http://${args.u ?? args.url ?? 'localhost:8001'}`; // argparse dest of --url is 'u'
  if (args.service_kind === 'triton') {
    const body = { text_input: prompt, max_tokens: args.output_tokens_mean > 0 ? args.output_tokens_mean : 256, stream: args.streaming === true };
    if (args.output_tokens_mean_deterministic) body.min_length = args.output_tokens_mean;
    requestInputs = body;
    const response = await fetch(`${base}/v2/models/${args.model[0]}/generate_stream`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    if (response.status !== 200) fail(`${response.status} ${await response.text()}`);
    await readEvents(response, (data) => {
      const event = JSON.parse(data);
      if (event.error) fail(event.error);
      const now = process.hrtime.bigint();
      stamps.push(now);
      outputs.push(event.text_output ?? '');
      responses.push({ text_output: event.text_output ?? '' });
      responseStamps.push(now);
    });
  } else {
    const endpoint = args.endpoint ?? { chat: 'v1/chat/completions', completions: 'v1/completions' }[args.endpoint_type] ?? fail(`stand-in: endpoint type ${args.endpoint_type} not supported`);
    const body = { model: args.model[0], messages: [{ role: 'user', content: prompt }], stream: args.streaming === true };
    if (args.output_tokens_mean > 0) body.max_tokens = args.output_tokens_mean;
    requestInputs = { payload: JSON.stringify(body) };
    const response = await fetch(`${base}/${endpoint.replace(/^\/+/, '')}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    if (response.status !== 200) fail(`${response.status} ${await response.text()}`);
    if (body.stream) {
      await readEvents(response, (data) => {
        const now = process.hrtime.bigint();
        responses.push({ response: `data: ${data}\n\n` });
        responseStamps.push(now);
        if (data === '[DONE]') return;
        const text = JSON.parse(data).choices?.[0]?.delta?.content;
        if (text) {
          stamps.push(now);
          outputs.push(text);
        }
      });
    } else {
      const json = await response.json();
      const now = process.hrtime.bigint();
      responses.push({ response: JSON.stringify(json) });
      responseStamps.push(now);
      stamps.push(now);
      outputs.push(json.choices?.[0]?.message?.content ?? '');
    }
  }
  return { start, stamps, outputs, requestInputs, responses, responseStamps };
}

/** numpy-style percentile (linear interpolation) and the stats genai-perf exports for a request metric. */
function stats(values, unit) {
  const sorted = [...values].sort((a, b) => a - b);
  const pct = (p) => {
    const rank = (p / 100) * (sorted.length - 1);
    const lo = Math.floor(rank);
    return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (rank - lo);
  };
  const avg = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  const std = Math.sqrt(sorted.reduce((s, v) => s + (v - avg) ** 2, 0) / sorted.length);
  return { unit, avg, p25: pct(25), p50: pct(50), p75: pct(75), p90: pct(90), p95: pct(95), p99: pct(99), min: sorted[0], max: sorted.at(-1), std };
}

const ms = (ns) => Number(ns) / 1e6;

/**
 * inputs.json as genai-perf r25.01's converters shape it (inputs/converters/tensorrtllm_converter.py:
 * one object of tensor-name → [value] per prompt, max_tokens 256 unless --output-tokens-mean;
 * openai_chat_completions_converter.py: {payload: [chat body]}), one entry per --num-dataset-entries.
 */
function inputsJson(args, prompt) {
  const tokens = args.output_tokens_mean > 0 ? args.output_tokens_mean : undefined;
  const entry = args.service_kind === 'triton'
    ? {
      model: args.model[0], text_input: [prompt], max_tokens: [tokens ?? 256],
      ...(args.streaming ? { stream: [true] } : {}),
      ...(args.output_tokens_mean_deterministic && tokens ? { min_length: [tokens] } : {}),
    }
    : { payload: [{ model: args.model[0], messages: [{ role: 'user', content: prompt }], ...(args.streaming ? { stream: true } : {}), ...(tokens ? { max_tokens: tokens } : {}) }] };
  return { data: Array.from({ length: args.num_dataset_entries ?? 100 }, () => entry) };
}

export async function main(argv) {
  trace(TOOL, argv);
  dieOnSignals(TOOL);
  const table = loadTable('triton-25.01/genai-perf.json');
  const [subcommand, ...rest] = argv;
  if (!table.subcommands.includes(subcommand)) usage(`argument subcommand: invalid choice: '${subcommand ?? ''}' (choose from ${table.subcommands.map((s) => `'${s}'`).join(', ')})`);
  if (subcommand !== 'profile') usage(`stand-in: only 'profile' is played, got '${subcommand}'`);
  await runArgparseTool('genai-perf profile', table, rest, async (args) => {
    failIfAsked(TOOL);
    checkCombinations(args, rest);
    checkTokenizer(args.tokenizer);
    const concurrency = args.concurrency ?? 1;
    const inputTokens = args.synthetic_input_tokens_mean;
    const prompt = words(inputTokens);
    const total = args.warmup_request_count + (args.request_count || 10);
    const results = [];
    let next = 0;
    const benchStart = process.hrtime.bigint();
    try {
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < total) {
          const index = next++;
          const result = await send(args, prompt);
          if (index >= args.warmup_request_count) results.push(result);
        }
      }));
    } catch (error) {
      process.stderr.write(`Thread [0] had error: ${error.message}${error.cause ? ` (${error.cause.code ?? error.cause.message})` : ""}\n[stand-in genai-perf] perf_analyzer failed\n`);
      process.exit(1);
    }
    const benchEnd = process.hrtime.bigint();
    const duration = ms(benchEnd - benchStart) / 1000;
    const outDir = args.artifact_dir;
    mkdirSync(outDir, { recursive: true });
    const outputTokens = results.map((r) => r.outputs.join('').match(/\S+/g)?.length ?? 0);
    const latencies = results.map((r) => ms(r.stamps.at(-1) - r.start));
    const metrics = {};
    if (args.streaming) {
      // genai-perf r25.01 llm_profile_data_parser.py: TTFT = first response - request; TTST = second - first
      // response; ITL = (request latency - TTFT) / (output tokens - 1), per request.
      metrics.time_to_first_token = stats(results.map((r) => ms(r.stamps[0] - r.start)), 'ms');
      const seconds = results.filter((r) => r.stamps.length > 1).map((r) => ms(r.stamps[1] - r.stamps[0]));
      if (seconds.length > 0) metrics.time_to_second_token = stats(seconds, 'ms');
      const itl = results.map((r, i) => (outputTokens[i] > 1 ? (latencies[i] - ms(r.stamps[0] - r.start)) / (outputTokens[i] - 1) : 0));
      if (itl.some((v) => v > 0)) metrics.inter_token_latency = stats(itl, 'ms');
    }
    Object.assign(metrics, {
      request_latency: stats(latencies, 'ms'),
      output_token_throughput_per_request: stats(results.map((r, i) => outputTokens[i] / (latencies[i] / 1000)), 'tokens/sec'),
      output_sequence_length: stats(outputTokens, 'tokens'),
      input_sequence_length: stats(results.map(() => inputTokens), 'tokens'),
      output_token_throughput: { unit: 'tokens/sec', avg: outputTokens.reduce((s, n) => s + n, 0) / duration },
      request_throughput: { unit: 'requests/sec', avg: results.length / duration },
      request_count: { unit: 'count', avg: results.length },
    });
    const stem = String(args.profile_export_file).replace(/\.json$/, '');
    writeFileSync(join(outDir, 'inputs.json'), `${JSON.stringify(inputsJson(args, prompt), null, 2)}\n`);
    writeFileSync(join(outDir, `${stem}.json`), `${JSON.stringify({
      experiments: [{
        experiment: { mode: 'concurrency', value: concurrency },
        requests: results.map((r) => ({ timestamp: Number(r.start), request_inputs: r.requestInputs, response_timestamps: r.responseStamps.map(Number), response_outputs: r.responses })),
        window_boundaries: [Number(benchStart), Number(benchEnd)],
      }],
      version: 'stand-in',
      service_kind: args.service_kind,
      endpoint: args.service_kind === 'triton' ? '' : (args.endpoint ?? { chat: 'v1/chat/completions', completions: 'v1/completions' }[args.endpoint_type] ?? ''),
    })}\n`);
    writeFileSync(join(outDir, `${stem}_genai_perf.json`), `${JSON.stringify({ ...metrics, input_config: { ...args, stand_in: true } }, null, 2)}\n`);
    // exporter_utils.format_stat_value: f"{value:,.2f}"; csv.writer quotes a field that holds a comma.
    const fmt = (v) => {
      if (v === undefined) return 'N/A';
      const text = v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: true });
      return text.includes(',') ? `"${text}"` : text;
    };
    const rows = [
      ['Time To First Token (ms)', metrics.time_to_first_token],
      ['Time To Second Token (ms)', metrics.time_to_second_token],
      ['Request Latency (ms)', metrics.request_latency],
      ['Inter Token Latency (ms)', metrics.inter_token_latency],
      ['Output Sequence Length (tokens)', metrics.output_sequence_length],
      ['Input Sequence Length (tokens)', metrics.input_sequence_length],
    ].filter(([, m]) => m);
    const csv = [
      'Metric,avg,min,max,p99,p95,p90,p75,p50,p25',
      ...rows.map(([name, m]) => [name, ...['avg', 'min', 'max', 'p99', 'p95', 'p90', 'p75', 'p50', 'p25'].map((k) => fmt(m[k]))].join(',')),
      '',
      'Metric,Value',
      `Output Token Throughput (per sec),${fmt(metrics.output_token_throughput.avg)}`,
      `Request Throughput (per sec),${fmt(metrics.request_throughput.avg)}`,
      `Request Count (count),${fmt(results.length)}`,
    ];
    writeFileSync(join(outDir, `${stem}_genai_perf.csv`), `${csv.join('\n')}\n`);
    console.log('                     NVIDIA GenAI-Perf | LLM Metrics (STAND-IN: times the stand-in server, not a model)');
    for (const line of csv) console.log(line);
  });
}
