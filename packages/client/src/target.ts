/**
 * Where requests go: derived from the plan's ServeStep (what `trtforge serve` starts) or from an
 * explicit `--url`, for any of the three serve modes.
 */
import { authority, connectHost, type ServeModeName, type ServeStep } from '@trtforge/spec';
import { ClientError, classifyNetworkError, timeoutError } from './errors.js';

export type EndpointKind = ServeStep['endpoints'][number]['kind'];

export const SERVE_MODES: readonly ServeModeName[] = ['triton', 'trtllm-serve', 'openai'];

export interface Target {
  mode: ServeModeName;
  /** `http://host:port` the client connects to. */
  origin: string;
  /** GET must answer 200 when the server can take requests. */
  readyUrl: string;
  /** Absolute URL per endpoint kind. */
  endpoints: Partial<Record<EndpointKind, string>>;
  /**
   * Served model name: the Triton model (`ensemble`, `tensorrt_llm_bls`) for mode triton, the
   * OpenAI `model` field otherwise. Undefined = ask the server (`/v1/models`).
   */
  model?: string;
}

/** The ServeStep fields a client needs; a full ServeStep satisfies it. */
export type ServeEndpointInfo = Pick<ServeStep, 'mode' | 'host' | 'ports' | 'ready' | 'endpoints'> & { model?: string };

/**
 * Target from a plan's ServeStep. `url` (the `--url` flag) keeps the plan's endpoint paths but
 * moves them to another origin, e.g. when the server runs on another machine.
 */
export function targetFromServeStep(step: ServeEndpointInfo, url?: string): Target {
  const override = url === undefined ? undefined : parseUrl(url);
  if (override && override.pathname !== '/' && override.pathname !== '') {
    // A full endpoint URL says more than the plan: trust it, keep the plan's mode.
    return targetFromUrl(url as string, step.mode);
  }
  const connectHost = hostForConnecting(step.host);
  const endpoints: Partial<Record<EndpointKind, string>> = {};
  for (const endpoint of step.endpoints) {
    const parsed = parseUrl(endpoint.url);
    parsed.hostname = parsed.hostname === '0.0.0.0' || parsed.hostname === '[::]' ? hostForConnecting(parsed.hostname) : parsed.hostname;
    const rebased = override ? new URL(parsed.pathname + parsed.search, override.origin) : parsed;
    endpoints[endpoint.kind] = rebased.href;
  }
  const readyOrigin = override?.origin ?? `http://${connectHost}:${step.ready.port}`;
  const firstEndpoint = Object.values(endpoints)[0];
  const origin = override?.origin ?? (firstEndpoint ? new URL(firstEndpoint).origin : readyOrigin);
  const target: Target = {
    mode: step.mode,
    origin,
    readyUrl: new URL(step.ready.path, readyOrigin).href,
    endpoints: Object.keys(endpoints).length > 0 ? endpoints : defaultEndpoints(step.mode, origin),
  };
  // The plan names the served model; older plans only imply it through their endpoint URLs.
  const model = step.model ?? modelFromEndpoints(target.endpoints);
  if (model !== undefined) target.model = model;
  return target;
}

/**
 * Target from a URL alone. A bare origin needs `mode` (or `detectMode`); a full endpoint URL
 * (`.../v2/models/ensemble/generate_stream`, `.../v1/chat/completions`) implies it.
 */
export function targetFromUrl(url: string, mode?: ServeModeName, model?: string): Target {
  const parsed = parseUrl(url);
  const origin = parsed.origin;
  const kserve = /^\/v2\/models\/([^/]+)(?:\/versions\/[^/]+)?(?:\/(generate|generate_stream))?\/?$/.exec(parsed.pathname);
  const resolvedMode: ServeModeName | undefined = kserve ? 'triton' : parsed.pathname.startsWith('/v1') ? (mode === 'triton' ? undefined : mode ?? 'openai') : mode;
  if (resolvedMode === undefined) {
    throw new ClientError('BAD_TARGET', `cannot tell the serve mode of ${url}; pass --mode triton|trtllm-serve|openai`);
  }
  const servedModel = model ?? (kserve?.[1] !== undefined ? decodeURIComponent(kserve[1]) : undefined);
  const target: Target = {
    mode: resolvedMode,
    origin,
    readyUrl: new URL(READY_PATH[resolvedMode], origin).href,
    endpoints: defaultEndpoints(resolvedMode, origin, servedModel),
  };
  if (servedModel !== undefined) target.model = servedModel;
  return target;
}

/** Readiness paths: Triton's KServe probe, trtllm-serve's /health, the OpenAI frontend's /health/ready. */
export const READY_PATH: Record<ServeModeName, string> = {
  triton: '/v2/health/ready',
  'trtllm-serve': '/health',
  openai: '/health/ready',
};

/** Endpoints each mode serves. Triton's need a model name; `ensemble` is what the seed calls. */
export function defaultEndpoints(mode: ServeModeName, origin: string, model?: string): Partial<Record<EndpointKind, string>> {
  if (mode === 'triton') {
    const base = `/v2/models/${encodeURIComponent(model ?? 'ensemble')}`;
    return {
      generate: new URL(`${base}/generate`, origin).href,
      generate_stream: new URL(`${base}/generate_stream`, origin).href,
    };
  }
  return {
    chat: new URL('/v1/chat/completions', origin).href,
    completions: new URL('/v1/completions', origin).href,
  };
}

/**
 * Ask a server which protocol it speaks: Triton answers `/v2/health/ready` (200 or 503);
 * the OpenAI frontend `/health/ready`; trtllm-serve `/health`. Undefined when the server answers
 * none of them; a ClientError (SERVER_NOT_RUNNING...) when nothing answers at all.
 */
export async function detectMode(origin: string, fetchImpl: typeof fetch = fetch, timeoutMs = 5000): Promise<ServeModeName | undefined> {
  for (const mode of ['triton', 'openai', 'trtllm-serve'] as const) {
    const url = new URL(READY_PATH[mode], origin).href;
    let response: Response;
    try {
      response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') throw timeoutError({ origin, url }, timeoutMs, 'connect');
      throw classifyNetworkError(error, { origin, url }, 'connect');
    }
    await response.body?.cancel();
    if (response.status === 200 || response.status === 503) return mode;
  }
  return undefined;
}

/** The same target addressing another served model (`--served-model`). */
export function withServedModel(target: Target, model: string): Target {
  if (target.mode !== 'triton') return { ...target, model };
  const endpoints: Partial<Record<EndpointKind, string>> = {};
  for (const [kind, url] of Object.entries(target.endpoints) as Array<[EndpointKind, string]>) {
    const parsed = new URL(url);
    parsed.pathname = parsed.pathname.replace(/^\/v2\/models\/[^/]+/, `/v2/models/${encodeURIComponent(model)}`);
    endpoints[kind] = parsed.href;
  }
  return { ...target, model, endpoints };
}

/**
 * Choose the OpenAI `model` among `/v1/models`: Triton's frontend lists every model in the
 * repository, but only the BLS and ensemble take text (the raw tensorrt_llm and the pre/post
 * models would fail). trtllm-serve lists exactly one.
 */
export function chooseServedModel(ids: readonly string[]): string | undefined {
  for (const preferred of ['tensorrt_llm_bls', 'ensemble']) if (ids.includes(preferred)) return preferred;
  const notText = new Set(['tensorrt_llm', 'preprocessing', 'postprocessing']);
  return ids.find((id) => !notText.has(id));
}

function modelFromEndpoints(endpoints: Partial<Record<EndpointKind, string>>): string | undefined {
  for (const url of Object.values(endpoints)) {
    const match = /\/v2\/models\/([^/]+)\//.exec(new URL(url).pathname);
    if (match?.[1] !== undefined) return decodeURIComponent(match[1]);
  }
  return undefined;
}

/** A server bound to all interfaces is reached through loopback; IPv6 in URL brackets. */
function hostForConnecting(host: string): string {
  return authority(connectHost(host));
}

function parseUrl(url: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
  try {
    return new URL(withScheme);
  } catch {
    throw new ClientError('BAD_TARGET', `invalid URL "${url}"; expected e.g. http://127.0.0.1:8000`);
  }
}
