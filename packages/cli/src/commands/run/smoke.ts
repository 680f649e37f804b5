import pc from 'picocolors';
import type { ServeStep } from '@trtforge/spec';
import { loadClient, spec } from '../../runner.js';

const SMOKE_PROMPT = 'Reply with one word: ready?';

/** Copy-paste curl lines for every endpoint the server answers. */
export function curlExamples(step: ServeStep): string[] {
  const { shellQuote } = spec();
  return step.endpoints.map((e) => {
    const body = e.kind === 'generate' || e.kind === 'generate_stream'
      ? { text_input: 'What is TensorRT-LLM?', max_tokens: 64, ...(e.kind === 'generate_stream' ? { stream: true } : {}) }
      : e.kind === 'chat'
        ? { model: step.model, messages: [{ role: 'user', content: 'What is TensorRT-LLM?' }], max_tokens: 64 }
        : { model: step.model, prompt: 'TensorRT-LLM is', max_tokens: 64 };
    const flags = e.kind === 'generate_stream' ? '-sN' : '-s';
    return `curl ${flags} ${shellQuote(e.url)} -H 'Content-Type: application/json' -d ${shellQuote(JSON.stringify(body))}`;
  });
}

/**
 * One short real request once the server is ready, so "ready" means "answers": a broken
 * tokenizer path or an empty-content mismatch shows up now, not at the first user request.
 * A failure is reported, not fatal: the server keeps running for inspection.
 */
export async function smokeRequest(step: ServeStep, tokenizerDir: string, signal?: AbortSignal): Promise<{ line: string; warnings: string[] }> {
  const { isClientError, LlmClient, loadChatTemplate, targetFromServeStep } = await loadClient();
  try {
    // Raw Triton text needs the model's chat template client-side, as `trtforge infer` applies it;
    // an unusable template (does not parse, refuses the conversation) fails the smoke request, naming the file.
    const chatTemplate = step.mode === 'triton' ? await loadChatTemplate(tokenizerDir) : undefined;
    const llm = new LlmClient({ target: targetFromServeStep(step), timeoutMs: 60_000, ...(chatTemplate ? { chatTemplate } : {}) });
    // A non-decoupled Triton deployment has no generate_stream endpoint: ask the one it serves.
    const stream = step.mode !== 'triton' || step.endpoints.some((e) => e.kind === 'generate_stream');
    const r = await llm.infer({ prompt: SMOKE_PROMPT, maxTokens: 8, temperature: 0, stream, ...(signal ? { signal } : {}) });
    // What the answer needed cleaning of (echoed prompt, leaked template, special tokens) is a deployment defect.
    const warnings = [...r.warnings, ...r.cleaned].map((w) => pc.yellow(`! smoke request: ${w}`));
    if (r.text.trim() === '') return { line: pc.yellow(`! smoke request: ${r.endpoint} answered with empty text in ${r.totalMs.toFixed(0)} ms`), warnings };
    return { line: pc.green(`✓ smoke request: ${r.endpoint} answered in ${r.totalMs.toFixed(0)} ms: ${JSON.stringify(r.text.trim().slice(0, 60))}`), warnings };
  } catch (error) {
    return { line: pc.red(`✗ smoke request failed: ${isClientError(error) ? error.message : (error as Error).message}`), warnings: [] };
  }
}
