// The real TensorRT-LLM backend templates: they must read as data, refuse to parse
// half-filled, and survive fill → write → parse; protoc is the referee for the syntax.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalize, modelConfigType, parsePbtxt, PbtxtError, writePbtxt } from '../src/index.js';
import {
  decodeWire, fillPlaceholders, protocEncode, readTemplate, SHARED_REFERENCE, substituteText, TEMPLATE_MODELS,
} from './helpers.js';

describe.each(TEMPLATE_MODELS)('template %s', (model) => {
  const text = readTemplate(model);

  it('parses with placeholders kept as { $placeholder } values', () => {
    const parsed = parsePbtxt(text, { placeholders: 'keep', source: model });
    expect(parsed.name).toBe(model);
    expect(JSON.stringify(parsed)).toContain('{"$placeholder":"triton_max_batch_size"}');
  });

  it('fails in the default mode with a located placeholder error', () => {
    let err: unknown;
    try {
      parsePbtxt(text, { source: `${model}/config.pbtxt` });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PbtxtError);
    const e = err as PbtxtError;
    expect(e.line).toBeGreaterThan(1);
    expect(e.column).toBeGreaterThan(1);
    expect(e.message).toMatch(new RegExp(`^${model}/config\\.pbtxt:\\d+:\\d+: ModelConfig\\.\\w+: unfilled template placeholder \\$\\{\\w+\\}$`));
  });

  it('round-trips: fill placeholders, write, parse again, canonical forms equal; protoc accepts the output', () => {
    // GIVEN the template read as data, with every placeholder given a typed value
    const filled = fillPlaceholders(modelConfigType(), parsePbtxt(text, { placeholders: 'keep' }));
    // WHEN written and read back
    const written = writePbtxt(filled, { header: [`filled from ${model} template`] });
    const reread = parsePbtxt(written);
    // THEN nothing was lost, and protoc reads the same config from our text
    expect(canonicalize(reread)).toEqual(canonicalize(filled));
    const protoc = protocEncode(written);
    expect(protoc.stderr).toBe('');
    expect(canonicalize(decodeWire(protoc.wire))).toEqual(canonicalize(filled));
  });

  it('agrees with protoc on the original syntax (textually filled template)', () => {
    // GIVEN the raw template with ${...} replaced in the text, as fill_template.py does
    const fills = new Map<string, string>();
    fillPlaceholders(modelConfigType(), parsePbtxt(text, { placeholders: 'keep' }), fills);
    const substituted = substituteText(text, fills);
    // THEN our reader and protoc see the same configuration
    const protoc = protocEncode(substituted);
    expect(protoc.stderr).toBe('');
    expect(canonicalize(parsePbtxt(substituted))).toEqual(canonicalize(decodeWire(protoc.wire)));
  });
});
