import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyDirs } from '../src/store/remote/empty-dirs.js';
import { assertNoSecrets } from '../src/store/remote/secret-scan.js';
import type { StoreEntry } from '../src/store/store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-remote-repo-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An entry over `files` (what assertNoSecrets reads: step, key, out and the file list). */
function entry(step: string, files: Record<string, string | Buffer>): StoreEntry {
  const out = join(dir, 'out');
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(join(out, path, '..'), { recursive: true });
    writeFileSync(join(out, path), data);
  }
  const list = Object.entries(files).map(([path, data]) => ({ path, bytes: Buffer.byteLength(data), sha256: '0'.repeat(64) }));
  return { step, key: 'f'.repeat(64), dir, out, meta: { format: 2, step, key: 'f'.repeat(64), model: 'm', createdAt: '', components: {}, files: list } } as unknown as StoreEntry;
}

describe('the secret scan before a model repository is pushed', () => {
  const HF = `hf_${'Ab1'.repeat(12)}`;
  it('a credential shape in any file is refused, naming the file and the kind, never the value', async () => {
    const e = entry('repo', { 'ensemble/config.pbtxt': 'name: "ensemble"\n', 'preprocessing/1/model.py': `TOKEN = "${HF}"\n` });
    const refused = assertNoSecrets(e, []);
    await expect(refused).rejects.toThrow(/refusing to push the repo entry ffffffffffff: preprocessing\/1\/model\.py holds what looks like a Hugging Face access token/);
    await expect(refused).rejects.not.toThrow(HF);
    await expect(assertNoSecrets(entry('repo', { 'a.txt': 'AKIAABCDEFGHIJKLMNOP\n' }), [])).rejects.toThrow(/an AWS access key id/);
  });

  it("a value of this host's secret env is refused too; ordinary configs pass", async () => {
    await expect(assertNoSecrets(entry('repo', { 'x/config.pbtxt': 'key: "s3cr3t-value-42"\n' }), ['s3cr3t-value-42'])).rejects.toThrow(/x\/config\.pbtxt holds what looks like the value of a secret environment variable/);
    await expect(assertNoSecrets(entry('repo', { 'x/config.pbtxt': 'parameters { key: "gpt_model_path" value: { string_value: "/trtforge/engine" } }\n' }), ['s3cr3t-value-42'])).resolves.toBeUndefined();
  });

  it('a secret across the boundary of the pieces a large file is read in is still found', async () => {
    const piece = 4 * 1024 * 1024;
    const data = Buffer.alloc(piece + 100, 0x20);
    data.write(HF, piece - 10, 'latin1');
    await expect(assertNoSecrets(entry('repo', { 'big.bin': data }), [])).rejects.toThrow(/big\.bin holds what looks like a Hugging Face access token/);
  });

  it('engines and checkpoints are not read (gigabytes of weights, written by the tools from the plan)', async () => {
    await expect(assertNoSecrets(entry('build', { 'rank0.engine': HF }), [])).resolves.toBeUndefined();
  });
});

describe('empty directories of an entry (a layer is a file: the manifest lists them)', () => {
  it('lists each directory that holds nothing, nested ones included; __pycache__ is not content', () => {
    for (const d of ['ensemble/1', 'tensorrt_llm/1', 'a/b/c', 'p/1/__pycache__']) mkdirSync(join(dir, d), { recursive: true });
    writeFileSync(join(dir, 'tensorrt_llm/1/model.py'), '');
    writeFileSync(join(dir, 'p/1/__pycache__/model.pyc'), '');
    return expect(emptyDirs(dir)).resolves.toEqual(['a/b/c', 'ensemble/1', 'p/1']);
  });
});
