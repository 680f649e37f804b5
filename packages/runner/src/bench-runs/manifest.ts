import type { ValidateFunction } from 'ajv';
import type { ServeModeName } from '@trtforge/spec';

/** Files genai-perf writes into its artifact dir that a stored run keeps (r25.01 layout, genai-perf docs/files.md). */
export const GENAI_PERF_EXPORTS = ['inputs.json', 'profile_export.json', 'profile_export_genai_perf.json', 'profile_export_genai_perf.csv'] as const;

/** One GPU as nvidia-smi names it: what a team compares runs by, never its bus id or uuid. */
export interface BenchGpu {
  index: number;
  name: string;
  driver: string;
}

/**
 * `bench/<model>/<run-id>/manifest.json`: what was measured (one point of a sweep) and on what.
 * Everything in it is portable between checkouts: no host path, no secret, no user name — a run
 * can be committed or attached to a pull request as it is.
 */
export interface BenchRunManifest {
  format: 1;
  kind: 'trtforge-bench-run';
  runId: string;
  model: string;
  /** The sweep this run is one point of: runs of one sweep form one curve in a report. */
  sweep: { id: string; index: number; concurrency: number[] };
  /** The load of this point (genai-perf's options as run). */
  point: { concurrency: number; inputTokens: number; outputTokens: number; requestCount: number; warmupRequests: number; streaming: boolean };
  serve: { mode: ServeModeName; model: string; image: string; imageId: string | null };
  /** The engine the checkout serves: the key of its last build (null when this checkout never built one). */
  engine: { key: string | null };
  /** sha256 of the spec's text (null when the spec file is absent) and of the compiled plan.json. */
  spec: { path: string; sha256: string | null; planSha256: string; generator: string; versions: Record<string, string> };
  gpu: { available: true; devices: BenchGpu[] } | { available: false; reason: string };
  /** Image genai-perf ran in (the runtime `local` runs the genai-perf on PATH and records no id). */
  benchImage: { ref: string; id: string | null };
  runtime: string;
  /** When the run finished, ISO 8601 UTC. */
  date: string;
  trtforge: { version: string };
  /** Whether the figures came from trtforge's test stand-ins (never a measurement of a model). */
  /** perfAnalyzerVersion: the `version` perf_analyzer writes into profile_export.json (genai-perf records none of its own). */
  tools: { genaiPerf: { standIn: boolean; perfAnalyzerVersion: string | null } };
  standIn: boolean;
  /** genai-perf's exports kept next to this manifest. */
  files: string[];
  /** Host-specific strings replaced in the stored exports (kind → placeholder), so the run is portable. */
  scrubbed: string[];
}

const str = { type: 'string', minLength: 1 } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const posInt = { type: 'integer', minimum: 1 } as const;

/** JSON Schema of {@link BenchRunManifest}: every field required, nothing extra (a report trusts nothing it cannot check). */
export const BENCH_RUN_MANIFEST_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://trtforge.invalid/schemas/bench-run-manifest.json',
  title: 'trtforge bench run manifest',
  type: 'object',
  additionalProperties: false,
  required: ['format', 'kind', 'runId', 'model', 'sweep', 'point', 'serve', 'engine', 'spec', 'gpu', 'benchImage', 'runtime', 'date', 'trtforge', 'tools', 'standIn', 'files', 'scrubbed'],
  properties: {
    format: { const: 1 },
    kind: { const: 'trtforge-bench-run' },
    runId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
    model: str,
    sweep: {
      type: 'object', additionalProperties: false, required: ['id', 'index', 'concurrency'],
      properties: { id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }, index: { type: 'integer', minimum: 0 }, concurrency: { type: 'array', minItems: 1, items: posInt } },
    },
    point: {
      type: 'object', additionalProperties: false, required: ['concurrency', 'inputTokens', 'outputTokens', 'requestCount', 'warmupRequests', 'streaming'],
      properties: { concurrency: posInt, inputTokens: posInt, outputTokens: posInt, requestCount: posInt, warmupRequests: { type: 'integer', minimum: 0 }, streaming: { type: 'boolean' } },
    },
    serve: {
      type: 'object', additionalProperties: false, required: ['mode', 'model', 'image', 'imageId'],
      properties: { mode: { enum: ['triton', 'trtllm-serve', 'openai'] }, model: str, image: str, imageId: nullableStr },
    },
    engine: { type: 'object', additionalProperties: false, required: ['key'], properties: { key: { type: ['string', 'null'], pattern: '^[0-9a-f]{16,}$' } } },
    spec: {
      type: 'object', additionalProperties: false, required: ['path', 'sha256', 'planSha256', 'generator', 'versions'],
      properties: {
        // repository-relative: never absolute, never climbing out
        path: { type: 'string', pattern: '^(?![/~])(?!.*(^|/)\\.\\.(/|$)).+$' },
        sha256: { type: ['string', 'null'], pattern: '^[0-9a-f]{64}$' },
        planSha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        generator: str,
        versions: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    gpu: {
      oneOf: [
        {
          type: 'object', additionalProperties: false, required: ['available', 'devices'],
          properties: {
            available: { const: true },
            devices: { type: 'array', minItems: 1, items: { type: 'object', additionalProperties: false, required: ['index', 'name', 'driver'], properties: { index: { type: 'integer', minimum: 0 }, name: str, driver: str } } },
          },
        },
        { type: 'object', additionalProperties: false, required: ['available', 'reason'], properties: { available: { const: false }, reason: str } },
      ],
    },
    benchImage: { type: 'object', additionalProperties: false, required: ['ref', 'id'], properties: { ref: str, id: nullableStr } },
    runtime: str,
    date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' },
    trtforge: { type: 'object', additionalProperties: false, required: ['version'], properties: { version: str } },
    tools: {
      type: 'object', additionalProperties: false, required: ['genaiPerf'],
      properties: { genaiPerf: { type: 'object', additionalProperties: false, required: ['standIn', 'perfAnalyzerVersion'], properties: { standIn: { type: 'boolean' }, perfAnalyzerVersion: nullableStr } } },
    },
    standIn: { type: 'boolean' },
    files: { type: 'array', items: { enum: [...GENAI_PERF_EXPORTS] }, contains: { const: 'profile_export_genai_perf.json' } },
    scrubbed: { type: 'array', items: str },
  },
} as const;

let validator: ValidateFunction | undefined;

/**
 * Problems of `value` as a manifest, one line each (`/path: message`); empty when it is one.
 * ajv (a quarter of the runner's bundled code) is loaded here, on first use: `serve` never pays for it.
 */
export async function checkBenchRunManifest(value: unknown): Promise<string[]> {
  if (!validator) {
    // ajv is CommonJS: its module.exports (`default` of a dynamic import, under Node and in the CLI's bundle alike) carries `.Ajv`.
    const { Ajv } = (await import('ajv')).default;
    validator ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(BENCH_RUN_MANIFEST_SCHEMA);
  }
  if (validator(value)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}
