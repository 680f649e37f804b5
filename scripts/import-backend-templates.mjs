#!/usr/bin/env zx
// Imports the inflight_batcher_llm config.pbtxt templates of a tensorrtllm_backend release as
// data the compiler reads (packages/compiler/data/tensorrtllm_backend-<version>/templates.json).
// Placeholders become { "$placeholder": name } in typed positions and stay "${name}" in strings.
//
//   npx zx scripts/import-backend-templates.mjs <checkout-or-dir-with-inflight_batcher_llm> <version> [--commit <sha>] [--tag <tag>] [--repo <owner/name>]
//   npx zx scripts/import-backend-templates.mjs --git-dir <bare tensorrtllm_backend mirror> --tag v0.19.0 <version>
//
// A checkout may be tensorrtllm_backend (all_models/…) or TensorRT-LLM from 0.20 on (triton_backend/all_models/…).
// With --git-dir the templates are read at the tag with `git archive`, and the tag's commit is recorded.
import { parsePbtxt } from '@trtforge/pbtxt';

const [first, second] = argv._;
const gitDir = argv['git-dir'];
const version = gitDir ? first : second;
if (!version || (!gitDir && !first) || (gitDir && !argv.tag)) {
  console.error('usage: import-backend-templates.mjs <checkout> <version> [--commit <sha>] [--tag <tag>] [--repo <owner/name>]\n       import-backend-templates.mjs --git-dir <mirror> --tag <tag> <version>');
  process.exit(1);
}
const tag = argv.tag ?? `v${version}`;
let src = first;
let commit = argv.commit;
if (gitDir) {
  commit = (await $`git --git-dir=${gitDir} rev-parse ${`${tag}^{commit}`}`).stdout.trim();
  src = await fs.mkdtemp(path.join(os.tmpdir(), 'trtforge-templates-'));
  await $`git --git-dir=${gitDir} archive ${tag} all_models/inflight_batcher_llm | tar -x -C ${src}`;
}
const layouts = ['all_models/inflight_batcher_llm', 'triton_backend/all_models/inflight_batcher_llm', 'inflight_batcher_llm'];
const rel = layouts.find((l) => fs.pathExistsSync(path.join(src, l))) ?? '.';
const repo = argv.repo ?? (rel.startsWith('triton_backend') ? 'NVIDIA/TensorRT-LLM' : 'triton-inference-server/tensorrtllm_backend');
const models = ['preprocessing', 'tensorrt_llm', 'postprocessing', 'ensemble', 'tensorrt_llm_bls'];
const out = {
  source: { repo, ref: tag, path: `${rel}/*/config.pbtxt`, license: 'Apache-2.0' },
  provenance: { repo, tag, commit: commit ?? null, exact: Boolean(commit && !argv['not-exact']) },
  models: {},
};
for (const m of models) {
  out.models[m] = parsePbtxt(await fs.readFile(path.join(src, rel, m, 'config.pbtxt'), 'utf8'), { placeholders: 'keep' });
}
if (gitDir) await fs.remove(src);
const dest = path.join(import.meta.dirname, `../packages/compiler/data/tensorrtllm_backend-${version}/templates.json`);
await fs.outputFile(dest, `${JSON.stringify(out, null, 1)}\n`);
echo(`wrote ${path.relative(process.cwd(), dest)}`);
