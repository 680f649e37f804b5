import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookupType, MODEL_CONFIG_PROTO_PATH, modelConfigType, PbtxtError } from '../src/index.js';
import { SHARED_REFERENCE } from './helpers.js';

describe('schema', () => {
  it('loads inference.ModelConfig with snake_case fields in declaration order', () => {
    const type = modelConfigType();
    expect(type.fullName).toBe('.inference.ModelConfig');
    expect(type.fieldsArray.slice(0, 6).map((f) => f.name)).toEqual([
      'name', 'platform', 'backend', 'runtime', 'version_policy', 'max_batch_size',
    ]);
  });

  it('memoizes: the same Type object every call', () => {
    expect(modelConfigType()).toBe(modelConfigType());
  });

  it('looks up nested types with or without the package prefix', () => {
    expect(lookupType('inference.ModelInput').name).toBe('ModelInput');
    expect(lookupType('ModelInput')).toBe(lookupType('inference.ModelInput'));
  });

  it('throws PbtxtError for unknown types and for enums', () => {
    expect(() => lookupType('inference.NoSuchThing')).toThrow(PbtxtError);
    expect(() => lookupType('inference.DataType')).toThrow(/no message type "inference.DataType"/);
  });
});

const referenceProto = join(SHARED_REFERENCE, 'triton/model_config.proto');

describe.skipIf(!existsSync(SHARED_REFERENCE))('vendored proto', () => {
  it('is byte-identical to the reference model_config.proto', () => {
    expect(readFileSync(MODEL_CONFIG_PROTO_PATH, 'utf8')).toBe(readFileSync(referenceProto, 'utf8'));
  });
});

describe('vendored proto provenance', () => {
  it('keeps the BSD licence header and has a SOURCE.md', () => {
    expect(readFileSync(MODEL_CONFIG_PROTO_PATH, 'utf8')).toMatch(/^\/\/ Copyright 2018-2024, NVIDIA CORPORATION/);
    const source = readFileSync(join(MODEL_CONFIG_PROTO_PATH, '../SOURCE.md'), 'utf8');
    expect(source).toMatch(/r25\.01/);
    expect(source).toMatch(/BSD-3-Clause/);
  });
});
