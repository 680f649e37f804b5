import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type * as Protobuf from 'protobufjs';
import { DESCRIPTOR_PATH, MODEL_CONFIG_PROTO_PATH, parseProto } from '../src/schema.js';

/**
 * The build's JSON form of model_config.proto (scripts/build-descriptor.mjs) is what the writer and
 * reader run on: it must be the vendored .proto itself, message for message and field for field.
 */
describe('the schema descriptor the build writes', { timeout: 60_000 }, () => {
  const text = readFileSync(MODEL_CONFIG_PROTO_PATH, 'utf8');
  const descriptor = JSON.parse(readFileSync(DESCRIPTOR_PATH, 'utf8')) as { protoSha256: string; root: Protobuf.INamespace };
  const require = createRequire(import.meta.url);

  it('is stamped with the vendored .proto (build the package first)', () => {
    expect(descriptor.protoSha256).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('loads through protobufjs/light to the schema the parser makes of the .proto', () => {
    const parsed = parseProto(require('protobufjs') as typeof Protobuf, text);
    const light = (require('protobufjs/light') as typeof Protobuf).Root.fromJSON(descriptor.root);
    light.resolveAll();
    expect(light.toJSON()).toEqual(parsed.toJSON());
    const type = light.lookupType('inference.ModelConfig');
    expect(type.fieldsArray.map((f) => [f.name, f.id, f.type, f.repeated, f.map])).toEqual(
      parsed.lookupType('inference.ModelConfig').fieldsArray.map((f) => [f.name, f.id, f.type, f.repeated, f.map]),
    );
    expect(type.fieldsArray.length).toBeGreaterThan(20);
  });

  it('is what the package loads: no .proto parser runs (the built package, in a process of its own)', () => {
    const script = `import('@trtforge/pbtxt').then((p) => {
      p.modelConfigType();
      const loaded = Object.keys(require('node:module')._cache).filter((f) => f.includes('/protobufjs/'));
      process.stdout.write(JSON.stringify(loaded));
    });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const loaded = JSON.parse(r.stdout) as string[];
    expect(loaded.some((f) => f.endsWith('/protobufjs/light.js'))).toBe(true);
    expect(loaded.filter((f) => /\/protobufjs\/(src\/(parse|tokenize)|index)\.js$/.test(f))).toEqual([]);
  });
});
