import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, requireShared } from '../helpers/paths.js';
import { parseSubstitutions } from './fill-template.js';
import { compiledConfigs, filledReleaseTemplate, filledTemplate, MODEL_NAMES } from './golden-harness.js';
import { RELEASES, releasePlaceholders } from './releases.js';

// The seed write-up's fill.sh, verbatim apart from the shell variables being expanded.
const ENGINE_DIR = '/opt/tritonserver/trt_engines/';
const TOKENIZER_DIR = '/Qwen2.5-0.5B-Instruct';
const SEED_FILL_LINES = {
  ensemble: 'triton_max_batch_size:4,logits_datatype:TYPE_FP32',
  preprocessing: `tokenizer_dir:${TOKENIZER_DIR},triton_max_batch_size:4,preprocessing_instance_count:1`,
  tensorrt_llm: `triton_backend:tensorrtllm,triton_max_batch_size:4,decoupled_mode:true,engine_dir:${ENGINE_DIR},max_queue_delay_microseconds:0,batching_strategy:inflight_fused_batching,max_queue_size:4,encoder_input_features_data_type:TYPE_FP16,logits_datatype:TYPE_FP32`,
  postprocessing: `tokenizer_dir:${TOKENIZER_DIR},triton_max_batch_size:4,postprocessing_instance_count:1`,
  tensorrt_llm_bls: 'triton_max_batch_size:4,decoupled_mode:true,bls_instance_count:1,logits_datatype:TYPE_FP32',
} as const;

const FIXTURE = fileURLToPath(new URL('./fixtures/seed-parity/model.ts', import.meta.url));

describe('golden parity with fill_template.py (seed values)', () => {
  beforeAll(requireShared);

  it.each(MODEL_NAMES)('%s/config.pbtxt equals the v0.17.0 template filled with the seed values', (model) => {
    // GIVEN the seed's fill line for this model  WHEN the parity fixture compiles
    const compiled = compiledConfigs(FIXTURE);
    // THEN both parse with model_config.proto to the same message
    expect(compiled[model]).toEqual(filledTemplate(model, parseSubstitutions(SEED_FILL_LINES[model])));
  });

  it('the comparison can fail: a different batch size is noticed', () => {
    const compiled = compiledConfigs(FIXTURE);
    const other = parseSubstitutions(SEED_FILL_LINES.ensemble.replace('triton_max_batch_size:4', 'triton_max_batch_size:8'));
    expect(compiled.ensemble).not.toEqual(filledTemplate('ensemble', other));
  });
});

describe('golden parity with each release\'s fill_template.py (seed values)', () => {
  const dir = mkdtempSync(join(ROOT, 'test/golden/.tmp-seed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(requireShared);

  describe.each(RELEASES.map((r) => ({ ...r, title: `tensorrtllm_backend ${r.version}` })))('$title', (release) => {
    // The seed fixture on this release; a release without ${logits_datatype} (0.16.0) gets no
    // logitsDatatype (fill_template.py ignores the key there; the compiler rejects the field, TRT188).
    const folder = `seed-parity-${release.version.replace(/\./g, '')}`;
    const hasLogits = releasePlaceholders(release).has('logits_datatype');
    let text = readFileSync(FIXTURE, 'utf8')
      .replace("name: 'seed-parity'", `name: '${folder}'`)
      .replace('runtime: { paths:', `runtime: { backendVersion: '${release.version}', paths:`);
    if (!hasLogits) text = text.replace("    logitsDatatype: 'TYPE_FP32',\n", '');
    mkdirSync(join(dir, folder));
    const file = join(dir, folder, 'model.ts');
    writeFileSync(file, text);

    it.each(MODEL_NAMES)('%s/config.pbtxt equals the release\'s template filled with the seed values', (model) => {
      const compiled = compiledConfigs(file);
      expect(compiled[model]).toEqual(filledReleaseTemplate(release, model, parseSubstitutions(SEED_FILL_LINES[model])));
    });
  });
});
