#!/usr/bin/env zx
// Imports the inflight_batcher_llm config.pbtxt templates of a tensorrtllm_backend checkout as
// data the compiler reads (packages/compiler/data/tensorrtllm_backend-<version>/templates.json).
// Placeholders become { "$placeholder": name } in typed positions and stay "${name}" in strings.
//
//   npx zx scripts/import-backend-templates.mjs <checkout-or-dir-with-inflight_batcher_llm> <version>
import { parsePbtxt } from '@trtforge/pbtxt';

const [src, version] = argv._;
if (!src || !version) {
  console.error('usage: import-backend-templates.mjs <tensorrtllm_backend checkout> <version>');
  process.exit(1);
}
const models = ['preprocessing', 'tensorrt_llm', 'postprocessing', 'ensemble', 'tensorrt_llm_bls'];
const base = (await fs.pathExists(path.join(src, 'all_models'))) ? path.join(src, 'all_models/inflight_batcher_llm') : path.join(src, 'inflight_batcher_llm');
const out = { source: { repo: 'triton-inference-server/tensorrtllm_backend', ref: `v${version}`, path: 'all_models/inflight_batcher_llm/*/config.pbtxt', license: 'Apache-2.0' }, models: {} };
for (const m of models) {
  out.models[m] = parsePbtxt(await fs.readFile(path.join(base, m, 'config.pbtxt'), 'utf8'), { placeholders: 'keep' });
}
const dest = path.join(import.meta.dirname, `../packages/compiler/data/tensorrtllm_backend-${version}/templates.json`);
await fs.outputFile(dest, `${JSON.stringify(out, null, 1)}\n`);
echo(`wrote ${path.relative(process.cwd(), dest)}`);
