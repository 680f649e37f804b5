/**
 * The parts of `generated/<name>/plan.json` a client needs, narrowed from untyped JSON (parse,
 * don't cast): plan files outlive the code that wrote them, so a stale or hand-edited one must
 * fail with the field it lacks rather than with a TypeError later.
 */
import type { ServeModeName } from '@trtforge/spec';
import { ClientError } from './errors.js';
import { SERVE_MODES, type EndpointKind, type ServeEndpointInfo } from './target.js';

export interface PlanServeInfo {
  /** Deployment name (`plan.model`). */
  deployment: string;
  /** The spec's chosen serve mode. */
  selected: ServeModeName;
  /** Every mode the plan can serve. */
  modes: Partial<Record<ServeModeName, ServeEndpointInfo>>;
  /** Host paths from the spec, as written (absolute or relative to the repository root). */
  modelDir?: string;
  tokenizerDir?: string;
  /** The engine's `--max_input_len`, when the build step states it. */
  maxInputLen?: number;
}

const ENDPOINT_KINDS: readonly EndpointKind[] = ['generate', 'generate_stream', 'chat', 'completions'];

export function parsePlanServe(value: unknown, file: string): PlanServeInfo {
  const fail = (what: string): never => {
    throw new ClientError('BAD_TARGET', `${file}: ${what}; recompile with \`trtforge compile <model>\``);
  };
  const plan = asRecord(value) ?? fail('not a JSON object');
  const serve = asRecord(plan['serve']) ?? fail('serve is missing');
  const selected = serve['selected'];
  if (!isMode(selected)) return fail(`serve.selected is ${JSON.stringify(selected)}, expected one of ${SERVE_MODES.join(', ')}`);
  const rawModes = asRecord(serve['modes']) ?? fail('serve.modes is missing');

  const modes: Partial<Record<ServeModeName, ServeEndpointInfo>> = {};
  for (const [name, raw] of Object.entries(rawModes)) {
    if (!isMode(name)) continue;
    modes[name] = parseServeStep(raw, `serve.modes.${name}`, fail);
  }
  if (!modes[selected]) fail(`serve.modes.${selected} (the selected mode) is missing`);

  const info: PlanServeInfo = { deployment: typeof plan['model'] === 'string' ? plan['model'] : '', selected, modes };
  const inputs = asRecord(plan['inputs']);
  if (typeof inputs?.['modelDir'] === 'string') info.modelDir = inputs['modelDir'];
  if (typeof inputs?.['tokenizerDir'] === 'string') info.tokenizerDir = inputs['tokenizerDir'];
  const maxInputLen = maxInputLenOf(plan);
  if (maxInputLen !== undefined) info.maxInputLen = maxInputLen;
  return info;
}

function parseServeStep(value: unknown, path: string, fail: (what: string) => never): ServeEndpointInfo {
  const step = asRecord(value) ?? fail(`${path} is not an object`);
  const mode = step['mode'];
  if (!isMode(mode)) return fail(`${path}.mode is ${JSON.stringify(mode)}`);
  const host = typeof step['host'] === 'string' ? step['host'] : fail(`${path}.host is missing`);
  const ready = asRecord(step['ready']) ?? fail(`${path}.ready is missing`);
  const readyPort = ready['port'];
  const readyPath = ready['path'];
  if (!isPort(readyPort) || typeof readyPath !== 'string') fail(`${path}.ready must be {port, path}`);
  const endpoints = Array.isArray(step['endpoints']) ? step['endpoints'] : fail(`${path}.endpoints is missing`);
  const ports: ServeEndpointInfo['ports'] = {};
  for (const [role, port] of Object.entries(asRecord(step['ports']) ?? {})) {
    if ((role === 'http' || role === 'grpc' || role === 'metrics' || role === 'openai') && isPort(port)) ports[role] = port;
  }
  const model = typeof step['model'] === 'string' && step['model'] !== '' ? step['model'] : undefined;
  return {
    mode,
    host,
    ports,
    ...(model !== undefined ? { model } : {}),
    ready: { port: readyPort as number, path: readyPath as string },
    endpoints: endpoints.map((raw: unknown, i: number) => {
      const endpoint = asRecord(raw);
      const kind = endpoint?.['kind'];
      const url = endpoint?.['url'];
      if (!ENDPOINT_KINDS.includes(kind as EndpointKind) || typeof url !== 'string') {
        return fail(`${path}.endpoints[${i}] must be {kind: ${ENDPOINT_KINDS.join('|')}, url}`);
      }
      return { kind: kind as EndpointKind, url };
    }),
  };
}

/** `--max_input_len N` (or `--max_input_len=N`) in the build step's argv. */
function maxInputLenOf(plan: Record<string, unknown>): number | undefined {
  const argv = asRecord(asRecord(plan['steps'])?.['build'])?.['argv'];
  if (!Array.isArray(argv)) return undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg: unknown = argv[i];
    if (typeof arg !== 'string') continue;
    const value = arg === '--max_input_len' ? argv[i + 1] : arg.startsWith('--max_input_len=') ? arg.slice('--max_input_len='.length) : undefined;
    const n = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
    if (Number.isInteger(n) && n > 0) return n;
  }
  return undefined;
}

function isMode(value: unknown): value is ServeModeName {
  return typeof value === 'string' && (SERVE_MODES as readonly string[]).includes(value);
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 65536;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
