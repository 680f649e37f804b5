#!/usr/bin/env node
// Build step: parses the vendored model_config.proto once and writes protobufjs' JSON form of it to
// dist/model_config.descriptor.json, stamped with the .proto's sha256. At run time the schema comes
// from that JSON through protobufjs' light build (no .proto tokenizer or parser to load, nothing to
// parse), while the stamp matches the vendored .proto; else the .proto is parsed as before (src/schema.ts).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DESCRIPTOR_PATH, MODEL_CONFIG_PROTO_PATH, parseProto } from '../dist/schema.js';

const text = readFileSync(MODEL_CONFIG_PROTO_PATH, 'utf8');
const root = parseProto(createRequire(import.meta.url)('protobufjs'), text);
const descriptor = { protoSha256: createHash('sha256').update(text).digest('hex'), root: root.toJSON() };
writeFileSync(DESCRIPTOR_PATH, `${JSON.stringify(descriptor)}\n`);
