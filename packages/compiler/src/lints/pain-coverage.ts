/**
 * Rows of user-pain.md (1–35) that no lint rule decides, and why. Rows a rule addresses are listed
 * in the rule's `pain` field; a test checks that every row is in one of the two places.
 */
export const PAIN_WITHOUT_RULE: ReadonlyArray<{ row: number; status: 'by construction' | 'not decidable from a spec' | 'not applicable'; why: string }> = [
  { row: 1, status: 'by construction', why: 'config.pbtxt is written from typed template objects: an unset runtime parameter is left out (backend default), a typed field is always filled by resolve(), and no `${…}` can survive (the property tests grep every output for it).' },
  { row: 2, status: 'by construction', why: '`triton.backend` is an enum filled by resolve(); the `backend:` field can never hold a placeholder.' },
  { row: 4, status: 'by construction', why: 'fill_template.py is never run; values are written typed and escaped by the pbtxt writer.' },
  { row: 5, status: 'by construction', why: 'The parameter set is versioned per backend release (data/tensorrtllm_backend-<version>/parameters.json, read from each release\'s templates); a field no release has is TRT010 "unknown field" with a did-you-mean hint, and a field the chosen release lacks is TRT188, naming the releases that have it.' },
  { row: 9, status: 'not decidable from a spec', why: 'Which endpoint a client calls (generate vs generate_stream, unary vs streaming) is client code; PLAN.md lists both endpoints of the model.' },
  { row: 11, status: 'by construction', why: "The ensemble graph is the release's own template; a spec cannot rewire it." },
  { row: 15, status: 'not decidable from a spec', why: "end_id, pad_id and stop words come from the tokenizer files on the host (generation_config.json), which the compiler does not read; the client's output filter stops at the family's end tokens." },
  { row: 16, status: 'not decidable from a spec', why: 'The EOS set lives in tokenizer_config.json / generation_config.json on the host; the only supported family (qwen) has a fixed one.' },
  { row: 20, status: 'not applicable', why: 'Encoder–decoder limits: the supported family (qwen) is decoder-only.' },
  { row: 22, status: 'by construction', why: 'trtllm-build / convert argv come from the flag tables of the spec release (data/trtllm-<release>); a removed flag such as --max_output_len cannot be expressed.' },
  { row: 31, status: 'not decidable from a spec', why: 'The GPU architecture is known only on the host at build/serve time; the runner puts the SM version in the engine cache key.' },
];

/** Rows a rule covers only in part: what the rest needs. */
export const PAIN_PARTIAL: ReadonlyArray<{ row: number; rest: string }> = [
  { row: 6, rest: 'whether engine_dir holds config.json and one rank*.engine per GPU is known only after the build (runner).' },
  { row: 12, rest: 'nothing to override in v0.17.0: decoupled mode, chunked context and KV reuse leave batch_scheduler_policy alone (parameter-semantics.json); TRT126 reports the effective policy and PLAN.md lists it.' },
  { row: 17, rest: 'empty content for other reasons shows only against the running server: `trtforge serve` sends a smoke chat request once ready and flags an empty answer.' },
  { row: 18, rest: 'whether the tokenizer class loads (trust_remote_code) needs the tokenizer files.' },
  { row: 24, rest: "the request's own max_tokens is client-side; without triton.kvCache.maxTokens the KV capacity depends on the GPU — `trtforge doctor` estimates how many full-length requests it holds (GPU memory check)." },
  { row: 27, rest: 'weights + activation memory needs the checkpoint and the GPU: `trtforge doctor` estimates weights and KV cache per GPU from the HF config, the weight files and nvidia-smi, and fails when the weights cannot fit; fractions of models in other specs sharing a GPU are not summed (each spec is its own server).' },
  { row: 28, rest: 'patch-level drift inside one image tag is caught by the runner (image digest in the engine cache key).' },
  { row: 29, rest: 'engine cache invalidation on upgrade is the runner’s cache key.' },
  { row: 30, rest: 'inspecting what an image really ships (pip show tensorrt_llm) is the runner’s probe.' },
  { row: 34, rest: "max_queue_size bounds Triton's queue only, not the backend's own request queue." },
];
