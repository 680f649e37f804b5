// Shared test helpers: fixture locations, a protoc runner, and a placeholder filler.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Field, Type } from 'protobufjs';
import { lookupType, MODEL_CONFIG_PROTO_PATH } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** `shared/reference` beside the repository: NVIDIA ground truth, read in place (never copied here). */
export const SHARED_REFERENCE = join(here, '../../../../shared/reference');
export const TEMPLATE_DIR = join(SHARED_REFERENCE, 'tensorrtllm_backend-v0.17.0/inflight_batcher_llm');
export const TEMPLATE_MODELS = ['ensemble', 'postprocessing', 'preprocessing', 'tensorrt_llm', 'tensorrt_llm_bls'] as const;


export function readTemplate(model: string): string {
  if (!existsSync(TEMPLATE_DIR)) throw new Error(`${TEMPLATE_DIR} not found: the template tests read NVIDIA's templates from ../shared (CI has it)`);
  return readFileSync(join(TEMPLATE_DIR, model, 'config.pbtxt'), 'utf8');
}

/**
 * Path of protoc. Missing protoc is a test failure, not a skip: the cross-check against
 * the reference implementation is the point (CI installs `protobuf-compiler`).
 */
export function protocPath(): string {
  for (const p of ['/usr/bin/protoc', '/usr/local/bin/protoc']) if (existsSync(p)) return p;
  try {
    return execFileSync('which', ['protoc'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('protoc not found: install it (apt-get install protobuf-compiler); these tests require the real protoc');
  }
}

export interface ProtocResult {
  ok: boolean;
  wire: Buffer;
  stderr: string;
}

/** `protoc --encode=<type>` on `text` with the vendored schema; never throws on a parse error. */
export function protocEncode(text: string, typeName = 'inference.ModelConfig'): ProtocResult {
  const args = [`--encode=${typeName}`, `--proto_path=${dirname(MODEL_CONFIG_PROTO_PATH)}`, 'model_config.proto'];
  const protoc = protocPath(); // outside the try: a missing protoc must fail loudly
  try {
    const wire = execFileSync(protoc, args, { input: text, stdio: ['pipe', 'pipe', 'pipe'] });
    return { ok: true, wire, stderr: '' };
  } catch (err) {
    const e = err as { stderr?: Buffer };
    return { ok: false, wire: Buffer.alloc(0), stderr: e.stderr?.toString() ?? String(err) };
  }
}

/** Decode protoc's binary output into the plain shape writePbtxt accepts. */
export function decodeWire(wire: Uint8Array, typeName = 'inference.ModelConfig'): Record<string, unknown> {
  const type = lookupType(typeName);
  return type.toObject(type.decode(wire), { enums: String, longs: String, defaults: false });
}

/**
 * Replace every `{ $placeholder }` with a plausible value of the field's type. Records the
 * text-format spelling of each fill, so the same values can be substituted into the raw text.
 */
export function fillPlaceholders(type: Type, msg: Record<string, unknown>, fills = new Map<string, string>()): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(msg)) {
    const field = type.fields[name] as Field;
    const fill = (v: unknown): unknown => fillValue(field, v, fills);
    if (field.map) out[name] = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, fill(v)]));
    else if (Array.isArray(value)) out[name] = value.map(fill);
    else out[name] = fill(value);
  }
  return out;
}

function fillValue(field: Field, value: unknown, fills: Map<string, string>): unknown {
  const message = field.resolvedType && 'fieldsArray' in field.resolvedType ? (field.resolvedType as Type) : null;
  const placeholder = (value as { $placeholder?: string } | null)?.$placeholder;
  if (placeholder === undefined) return message ? fillPlaceholders(message, value as Record<string, unknown>, fills) : value;
  const [js, text] = sample(field);
  fills.set(placeholder, text);
  return js;
}

/** A non-default value per field type, with its text-format spelling. */
function sample(field: Field): [unknown, string] {
  const rt = field.resolvedType;
  if (rt && 'valuesById' in rt) {
    const name = Object.keys((rt as unknown as { values: Record<string, number> }).values)[3] ?? '';
    return [name, name];
  }
  if (rt) return [{}, '{}'];
  switch (field.type) {
    case 'bool': return [true, 'true'];
    case 'string': return ['filled', '"filled"'];
    case 'float': case 'double': return [0.5, '0.5'];
    default: return [64, '64'];
  }
}

/** Substitute `${name}` in raw template text (also inside strings, like fill_template.py). */
export function substituteText(text: string, fills: Map<string, string>, inStrings = 'x'): string {
  return text.replace(/\$\{(\w+)\}/g, (whole, name: string, offset: number) => {
    const lineStart = text.lastIndexOf('\n', offset) + 1;
    const quotes = (text.slice(lineStart, offset).match(/"/g) ?? []).length;
    if (quotes % 2 === 1) return inStrings;
    return fills.get(name) ?? whole;
  });
}
