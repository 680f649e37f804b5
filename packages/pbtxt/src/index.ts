/**
 * @trtforge/pbtxt — Triton `config.pbtxt` (protobuf text format of `inference.ModelConfig`)
 * writer, reader and canonical form, checked against Triton's real schema
 * (vendor/triton/model_config.proto) through protobufjs reflection.
 */
export { canonicalize, type CanonicalizeOptions } from './canonical.js';
export { PbtxtError, type PbtxtErrorLocation } from './errors.js';
export { parsePbtxt, type ParsePbtxtOptions } from './reader.js';
export { lookupType, modelConfigType, MODEL_CONFIG_PROTO_PATH, MODEL_CONFIG_TYPE } from './schema.js';
export type { PlainMessage } from './validate.js';
export { writePbtxt, type WritePbtxtOptions } from './writer.js';
