// Triton's real schema, loaded from the vendored .proto with protobufjs reflection.
// Nothing here runs at import time: protobufjs and the 2k-line .proto are only paid for by the
// first call that needs them — and then, from a build, as protobufjs' JSON form of the .proto
// (scripts/build-descriptor.mjs) through its light build: no .proto parser to load, nothing to parse.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Protobuf from 'protobufjs';
import { PbtxtError } from './errors.js';

/** Fully qualified name of the message a Triton `config.pbtxt` holds. */
export const MODEL_CONFIG_TYPE = 'inference.ModelConfig';

/**
 * The vendored `model_config.proto`. Both `src/` (tests) and `dist/` (consumers) sit one
 * level below the package root, so one relative URL serves both.
 */
export const MODEL_CONFIG_PROTO_PATH = fileURLToPath(
  new URL('../vendor/triton/model_config.proto', import.meta.url),
);

/** The build's JSON form of the .proto, with the sha256 of the .proto it was made from. */
export const DESCRIPTOR_PATH = fileURLToPath(new URL('../dist/model_config.descriptor.json', import.meta.url));

let root: Protobuf.Root | undefined;

/** The .proto parsed by protobufjs. keepCase: keep its snake_case names, which are also the config.pbtxt names. */
export function parseProto(protobuf: typeof Protobuf, text: string): Protobuf.Root {
  const parsed = protobuf.parse(text, { keepCase: true });
  parsed.root.resolveAll();
  return parsed.root;
}

function loadRoot(): Protobuf.Root {
  if (root) return root;
  // A lazy require keeps `import '@trtforge/pbtxt'` cheap; protobufjs is CommonJS anyway.
  const require = createRequire(import.meta.url);
  const text = readFileSync(MODEL_CONFIG_PROTO_PATH, 'utf8');
  root = fromDescriptor(require, createHash('sha256').update(text).digest('hex')) ?? parseProto(require('protobufjs') as typeof Protobuf, text);
  return root;
}

/** The schema from the build's descriptor, while it was made from this very .proto; else undefined. */
function fromDescriptor(require: NodeJS.Require, protoSha256: string): Protobuf.Root | undefined {
  let descriptor: { protoSha256?: string; root?: Protobuf.INamespace };
  try {
    descriptor = JSON.parse(readFileSync(DESCRIPTOR_PATH, 'utf8')) as typeof descriptor;
  } catch {
    return undefined;
  }
  if (descriptor.protoSha256 !== protoSha256 || !descriptor.root) return undefined;
  const light = require('protobufjs/light') as typeof Protobuf;
  const r = light.Root.fromJSON(descriptor.root);
  r.resolveAll();
  return r;
}

/** A message type of the Triton schema, e.g. `inference.ModelInput` (package prefix optional). */
export function lookupType(name: string): Protobuf.Type {
  const r = loadRoot();
  const found = r.lookup(name) ?? (name.includes('.') ? null : r.lookup(`inference.${name}`));
  if (!found || !isType(found)) {
    throw new PbtxtError(`no message type "${name}" in ${MODEL_CONFIG_PROTO_PATH}`, { path: '' });
  }
  return found;
}

/** `inference.ModelConfig`, the root message of `config.pbtxt`. */
export function modelConfigType(): Protobuf.Type {
  return lookupType(MODEL_CONFIG_TYPE);
}

// Duck-typed checks, so that the protobufjs module is only needed inside loadRoot().
function isType(obj: Protobuf.ReflectionObject): obj is Protobuf.Type {
  return 'fieldsArray' in obj;
}

/** The message type of a message (or map-of-message) field, else null. */
export function messageTypeOf(field: Protobuf.Field): Protobuf.Type | null {
  const t = field.resolvedType;
  return t && isType(t) ? t : null;
}

/** The enum of an enum (or map-of-enum) field, else null. */
export function enumOf(field: Protobuf.Field): Protobuf.Enum | null {
  const t = field.resolvedType;
  return t && 'valuesById' in t ? (t as Protobuf.Enum) : null;
}

/** Key type of a map field (`string`, `uint64`, ...), or null for other fields. */
export function mapKeyType(field: Protobuf.Field): string | null {
  return field.map && 'keyType' in field ? (field as unknown as Protobuf.MapField).keyType : null;
}

/** Field names in declaration order, for hints. */
export function fieldNames(type: Protobuf.Type): string[] {
  return type.fieldsArray.map((f) => f.name);
}

/** The field called `name` in `type`, guarding against inherited keys such as `constructor`. */
export function ownField(type: Protobuf.Type, name: string): Protobuf.Field | undefined {
  return Object.hasOwn(type.fields, name) ? type.fields[name] : undefined;
}
