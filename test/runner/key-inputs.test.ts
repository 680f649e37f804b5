import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHfModel } from '../stand-ins/fixtures/make-hf-model.mjs';
import { runUntil, statuses } from './helpers/run.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

/**
 * Inputs of the convert step that live outside the plan's argv: the NVIDIA checkout it runs
 * (convert_checkpoint.py of another release is another converter) and the weights as a Hugging
 * Face cache holds them — every file a symlink into blobs/.
 */
describe('convert key: NVIDIA source refs', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace();
  });
  afterAll(() => ws.cleanup());

  it('another TensorRT-LLM checkout ref re-runs convert (and build), naming the source; the old ref comes back from the store', async () => {
    // GIVEN a built model
    expect(statuses(await runUntil(ws, 'build'))).toEqual({ convert: 'built', build: 'built' });
    const ref = ws.plan().sources.tensorrtllm.ref;
    // WHEN the plan pins convert_checkpoint.py from another ref
    ws.editPlan((p) => { p.sources.tensorrtllm.ref = 'v0.17.0.post1'; });
    const other = await runUntil(ws, 'build');
    // THEN convert runs again and says why
    expect(statuses(other)).toEqual({ convert: 'built', build: 'built' });
    expect(other.outcomes.convert!.reasons.join('\n')).toMatch(new RegExp(`sources\\.tensorrtllm: ${ref.replace(/\./g, '\\.')} → v0\\.17\\.0\\.post1`));
    // AND going back reuses the first result
    ws.editPlan((p) => { p.sources.tensorrtllm.ref = ref; });
    expect(statuses(await runUntil(ws, 'build'))).toEqual({ convert: 'reused', build: 'reused' });
  });
});

describe('convert key: weights in a Hugging Face cache (every file a symlink into blobs/)', () => {
  let ws: Workspace;
  let snapshot: string;
  let blobs: string;
  const blobOf: Record<string, string> = {};

  /** Stores `content` as blobs/<sha256> and points snapshot/<name> at it, as huggingface_hub does. */
  const link = (name: string, content: Buffer): void => {
    const sha = createHash('sha256').update(content).digest('hex');
    writeFileSync(join(blobs, sha), content);
    blobOf[name] = join(blobs, sha);
    rmSync(join(snapshot, name), { force: true });
    symlinkSync(join('..', '..', 'blobs', sha), join(snapshot, name));
  };

  beforeAll(async () => {
    ws = await createWorkspace();
    const plain = makeHfModel(join(ws.root, 'hf', 'plain'));
    const repo = join(ws.root, 'hf', 'hub', 'models--Qwen--Qwen2.5-0.5B-Instruct');
    blobs = join(repo, 'blobs');
    snapshot = join(repo, 'snapshots', 'a8b602d9dafd3a75d382e62757d83d89fca3be54');
    mkdirSync(blobs, { recursive: true });
    mkdirSync(snapshot, { recursive: true });
    for (const name of readdirSync(plain)) link(name, readFileSync(join(plain, name)));
    const relative = snapshot.slice(ws.root.length + 1);
    ws.editPlan((p) => { p.inputs.modelDir = relative; p.inputs.tokenizerDir = relative; });
  });
  afterAll(() => ws.cleanup());

  it('converts from the snapshot, and reuses the result when nothing changed', async () => {
    expect(statuses(await runUntil(ws, 'build'))).toEqual({ convert: 'built', build: 'built' });
    expect(statuses(await runUntil(ws, 'build'))).toEqual({ convert: 'reused', build: 'reused' });
  });

  it('a new blob behind model.safetensors (a new revision downloaded) re-runs convert, naming the file', async () => {
    link('model.safetensors', Buffer.concat([readFileSync(join(snapshot, 'model.safetensors')), Buffer.alloc(16, 3)]));
    const run = await runUntil(ws, 'build');
    expect(statuses(run)).toEqual({ convert: 'built', build: 'built' });
    expect(run.outcomes.convert!.reasons.join('\n')).toMatch(/weights\.files\.model\.safetensors/);
  });

  it('a new blob behind tokenizer_config.json re-runs convert too', async () => {
    link('tokenizer_config.json', Buffer.from(JSON.stringify({ eos_token: '<|endoftext|>', chat_template: '{{ messages }}' })));
    const run = await runUntil(ws, 'build');
    expect(statuses(run)).toEqual({ convert: 'built', build: 'built' });
    expect(run.outcomes.convert!.reasons.join('\n')).toMatch(/weights\.files\.tokenizer_config\.json/);
  });

  it('the blob edited in place behind the same link (content changed, link unchanged) re-runs convert', async () => {
    const blob = blobOf['model.safetensors']!;
    const edited = Buffer.concat([readFileSync(blob), Buffer.alloc(8, 5)]);
    writeFileSync(`${blob}.new`, edited);
    renameSync(`${blob}.new`, blob);
    const run = await runUntil(ws, 'build');
    expect(statuses(run)).toEqual({ convert: 'built', build: 'built' });
  });
});
