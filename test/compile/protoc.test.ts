import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_CONFIG_PROTO_PATH } from '@trtforge/pbtxt';
import { ROOT } from '../helpers/paths.js';

/** The real protoc (apt: protobuf-compiler) encodes a config with Triton's real schema, or fails. */
function protocEncode(pbtxt: string): { ok: boolean; stderr: string } {
  try {
    execFileSync('protoc', ['--encode=inference.ModelConfig', `--proto_path=${join(MODEL_CONFIG_PROTO_PATH, '..')}`, 'model_config.proto'], { input: pbtxt, stdio: ['pipe', 'pipe', 'pipe'] });
    return { ok: true, stderr: '' };
  } catch (err) {
    return { ok: false, stderr: String((err as { stderr?: Buffer }).stderr ?? err) };
  }
}

const configs = readdirSync(join(ROOT, 'generated')).flatMap((model) => {
  const repo = join(ROOT, 'generated', model, 'triton_model_repo');
  return existsSync(repo) ? readdirSync(repo).map((m) => join(repo, m, 'config.pbtxt')) : [];
});

describe('every emitted config.pbtxt parses with the real protoc', () => {
  it('protoc is installed (CI installs protobuf-compiler)', () => {
    expect(() => execFileSync('protoc', ['--version'])).not.toThrow();
  });

  it('there are configs to check', () => expect(configs.length).toBeGreaterThanOrEqual(10));

  it.each(configs.map((f) => [f.slice(ROOT.length), f]))('%s', (_rel, file) => {
    const r = protocEncode(readFileSync(file, 'utf8'));
    expect(r.stderr).toBe('');
    expect(r.ok).toBe(true);
  });

  it('rejects what the schema does not have (the check can fail)', () => {
    const bad = readFileSync(configs[0]!, 'utf8').replace('max_batch_size:', 'max_batch_sise:');
    expect(protocEncode(bad).ok).toBe(false);
  });
});
