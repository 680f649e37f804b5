// A normal form for "do these two configs mean the same thing?".
import type { Type } from 'protobufjs';
import { lookupType, mapKeyType, messageTypeOf, MODEL_CONFIG_TYPE } from './schema.js';
import { checkMessage, setOwn, type PlainMessage } from './validate.js';
import { sortMapKeys } from './writer.js';

export interface CanonicalizeOptions {
  /** Message type of `value`. @default 'inference.ModelConfig' */
  typeName?: string;
}

/**
 * Normal form of a config for semantic comparison with deep equality. The value is first
 * checked strictly (protobufjs' fromObject would silently drop unknown fields), then goes
 * through the binary wire format and back, so exactly what Triton would see survives:
 *  - proto3 scalars equal to their default (0, "", false, first enum value) disappear,
 *    as do empty lists and maps; empty messages stay (they switch features on);
 *  - `float` fields are rounded to 32 bits;
 *  - 64-bit integers become decimal strings, enums become names;
 *  - map keys are sorted and fields follow declaration order.
 */
export function canonicalize(value: object, opts: CanonicalizeOptions = {}): PlainMessage {
  const type = lookupType(opts.typeName ?? MODEL_CONFIG_TYPE);
  const checked = checkMessage(type, value, type.name);
  const wire = type.encode(type.fromObject(checked)).finish();
  const plain = type.toObject(type.decode(wire), {
    enums: String,
    longs: String,
    bytes: String,
    defaults: false,
    arrays: false,
    objects: false,
  });
  return sortMaps(type, plain);
}

/** Rebuild map objects with sorted keys, recursively, so even JSON.stringify output is stable. */
function sortMaps(type: Type, msg: PlainMessage): PlainMessage {
  const out: PlainMessage = {};
  for (const field of type.fieldsArray) {
    if (!Object.hasOwn(msg, field.name)) continue;
    const value = msg[field.name];
    const message = messageTypeOf(field);
    const fix = (v: unknown): unknown => (message ? sortMaps(message, v as PlainMessage) : v);
    if (field.map) {
      const map = value as PlainMessage;
      const sorted: PlainMessage = {};
      for (const k of sortMapKeys(Object.keys(map), mapKeyType(field) ?? 'string')) setOwn(sorted, k, fix(map[k]));
      setOwn(out, field.name, sorted);
    } else if (field.repeated) {
      setOwn(out, field.name, (value as unknown[]).map(fix));
    } else {
      setOwn(out, field.name, fix(value));
    }
  }
  return out;
}
