import { backendDefault } from '../../backend/semantics.js';
import { FAMILY_PRESETS } from '../../family-presets.js';
import { note, origin } from '../spec-paths.js';
import { when, type LintFinding, type LintRule } from '../rule.js';

export const runtimeBeamWithinBuild: LintRule = {
  id: 'TRT118',
  severity: 'error',
  topic: 'decoding',
  title: 'runtime beam width must not exceed the engine max_beam_width',
  why: 'The engine is compiled for at most build.maxBeamWidth beams; the executor rejects a larger runtime max_beam_width when the model loads (parameter-semantics.json: max_beam_width).',
  fields: ['triton.maxBeamWidth', 'build.maxBeamWidth'],
  check: ({ spec }) => when(spec.triton.maxBeamWidth !== undefined && spec.triton.maxBeamWidth > spec.build.maxBeamWidth, {
    path: 'triton.maxBeamWidth',
    message: `must be ≤ build.maxBeamWidth (${spec.build.maxBeamWidth}${note(spec, 'build.maxBeamWidth')}), got ${String(spec.triton.maxBeamWidth)}`,
    hint: `set build.maxBeamWidth: ${String(spec.triton.maxBeamWidth)} (rebuilds the engine) or lower triton.maxBeamWidth`,
  }),
  examples: { pass: { build: { maxBeamWidth: 4 }, triton: { maxBeamWidth: 4 } }, fail: { triton: { maxBeamWidth: 4 } } },
};

/** Decoding modes that only run on an engine built for that speculative technique. */
const SPECULATIVE_MODES: Record<string, string> = {
  medusa: 'medusa',
  eagle: 'eagle',
  lookahead: 'lookahead_decoding',
  redrafter: 'explicit_draft_tokens',
};

export const decodingModeMatchesEngine: LintRule = {
  id: 'TRT119',
  severity: 'error',
  topic: 'decoding',
  title: 'decoding_mode must fit the beam width and the engine',
  why: 'beam_search needs a runtime beam width > 1 (the backend picks top_k_top_p for width 1), and medusa / eagle / lookahead / redrafter only run on an engine built with that --speculative_decoding_mode (parameter-semantics.json: decoding_mode).',
  fields: ['triton.decodingMode', 'triton.maxBeamWidth', 'build.speculative.speculativeDecodingMode'],
  check: ({ spec, backend }) => {
    const mode = spec.triton.decodingMode;
    if (!mode) return [];
    const findings: LintFinding[] = [];
    const beams = spec.triton.maxBeamWidth ?? Number(backendDefault(backend.version, 'max_beam_width') ?? 1);
    findings.push(...when(mode === 'beam_search' && beams <= 1, {
      path: 'triton.decodingMode',
      message: `is "beam_search" but the runtime beam width is ${beams}${spec.triton.maxBeamWidth === undefined ? ' (backend default)' : ''}`,
      hint: 'set triton.maxBeamWidth (and build.maxBeamWidth) to 2 or more, or pick a sampling mode (top_k_top_p)',
    }));
    const needed = SPECULATIVE_MODES[mode];
    const built = spec.build.speculative?.speculativeDecodingMode;
    findings.push(...when(needed !== undefined && built !== needed, {
      path: 'triton.decodingMode',
      message: `is "${mode}" but the engine is built ${built ? `for "${built}"` : 'without speculative decoding'}`,
      hint: `set build.speculative.speculativeDecodingMode: '${needed ?? ''}'`,
    }));
    return findings;
  },
  examples: { pass: { triton: { decodingMode: 'top_k_top_p' } }, fail: { triton: { decodingMode: 'beam_search' } } },
};

/** trtllm-build --logits_dtype → the Triton data type of the logits outputs. */
const LOGITS_TYPES = { float16: 'TYPE_FP16', float32: 'TYPE_FP32' } as const;

export const logitsDatatypeMatchesEngine: LintRule = {
  id: 'TRT128',
  severity: 'error',
  topic: 'decoding',
  title: 'logits output data type must match the engine logits dtype',
  why: 'The C++ backend checks the logits data type only when a request asks for logits, then fails that request; TYPE_BF16 is not supported at all ("Logits type is not supported"). Use the engine dtype in tensorrt_llm, tensorrt_llm_bls and ensemble (parameter-semantics.json: logits_datatype).',
  fields: ['triton.logitsDatatype', 'build.logits.logitsDtype', 'triton.backend'],
  check: ({ spec }) => {
    const runtime = spec.triton.logitsDatatype ?? 'TYPE_FP32';
    const built = spec.build.logits?.logitsDtype;
    return [
      ...when(built !== undefined && LOGITS_TYPES[built] !== runtime, {
        path: 'triton.logitsDatatype',
        message: `must be "${built ? LOGITS_TYPES[built] : ''}" to match build.logits.logitsDtype ("${String(built)}"), got "${runtime}"${origin(spec, 'triton.logitsDatatype')}`,
        hint: `set triton.logitsDatatype: '${built ? LOGITS_TYPES[built] : ''}'`,
      }),
      ...when(runtime === 'TYPE_BF16' && spec.triton.backend === 'tensorrtllm', {
        path: 'triton.logitsDatatype',
        message: 'TYPE_BF16 is not supported by the C++ backend: every request for logits fails',
        hint: "set triton.logitsDatatype: 'TYPE_FP32' (and build.logits.logitsDtype: 'float32')",
      }),
    ];
  },
  examples: {
    pass: { build: { logits: { logitsDtype: 'float16' } }, triton: { logitsDatatype: 'TYPE_FP16' } },
    fail: { build: { logits: { logitsDtype: 'float16' } } },
  },
};

/** Above this, gathered context logits are a memory problem worth a warning. */
const CONTEXT_LOGITS_WARN_BYTES = 1024 ** 3;

export const contextLogitsMemory: LintRule = {
  id: 'TRT129',
  severity: 'warning',
  topic: 'decoding',
  title: 'gathering context logits reserves max_num_tokens × vocab logits',
  why: 'With --gather_context_logits (or --gather_all_token_logits) the engine keeps a logit for every vocabulary entry of every prompt token in a step; the buffer is sized for max_num_tokens and taken from the memory the KV cache would use (tensorrtllm_backend#59, #456). Only build it when clients ask for context logits.',
  fields: ['build.logits.gatherContextLogits', 'build.logits.gatherAllTokenLogits', 'build.maxNumTokens', 'source.family'],
  pain: [27],
  check: ({ spec }) => {
    const logits = spec.build.logits;
    if (!logits?.gatherContextLogits && !logits?.gatherAllTokenLogits) return [];
    const vocab = FAMILY_PRESETS[spec.source.family].vocabSize;
    const bytes = spec.build.maxNumTokens * vocab * 4;
    const field = logits.gatherAllTokenLogits ? 'gatherAllTokenLogits' : 'gatherContextLogits';
    return when(bytes >= CONTEXT_LOGITS_WARN_BYTES, {
      path: `build.logits.${field}`,
      message: `reserves about ${(bytes / 1024 ** 3).toFixed(1)} GiB of FP32 logits (build.maxNumTokens ${spec.build.maxNumTokens} × vocab ${vocab})`,
      hint: `remove build.logits.${field} unless clients request context logits, or lower build.maxNumTokens`,
    });
  },
  examples: {
    pass: { build: { logits: { gatherContextLogits: true }, maxInputLen: 1024, maxNumTokens: 1024 } },
    fail: { build: { logits: { gatherContextLogits: true } } },
  },
};
