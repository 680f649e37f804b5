import { beforeAll, describe, expect, it } from 'vitest';
import type { CompileResult } from '@trtforge/compiler';
import { compileInline } from './compile-inline.js';

const SOURCE = { modelDir: '/models/Qwen2.5-0.5B-Instruct' };
let r: Record<string, CompileResult>;

beforeAll(() => {
  r = compileInline({
    'warning-silenced': { source: SOURCE, lints: { silence: { TRT110: 'the benchmark measures the echo on purpose' } } },
    'error-silenced': { source: SOURCE, build: { maxBatchSize: 4 }, triton: { excludeInputInOutput: true, maxBatchSize: 8 }, lints: { silence: { TRT105: 'reproducing tensorrtllm_backend#130' } } },
    'empty-reason': { source: SOURCE, lints: { silence: { TRT110: '  ' } } },
    'unknown-rule': { source: SOURCE, triton: { excludeInputInOutput: true }, lints: { silence: { TRT11O: 'typo' } } },
    'hardening-rule': { source: { modelDir: '/models/a;b' }, triton: { excludeInputInOutput: true }, lints: { silence: { TRT203: 'trust me' } } },
  });
});

const codes = (res: CompileResult | undefined) => res?.diagnostics.map((d) => d.code) ?? [];

describe('lints.silence', () => {
  it('turns a warning off when it gives a reason', () => {
    expect(codes(r['warning-silenced'])).toEqual([]);
    expect(r['warning-silenced']!.files).toBeDefined();
  });

  it('turns an error off too: the spec then compiles', () => {
    expect(codes(r['error-silenced'])).toEqual([]);
    expect(r['error-silenced']!.files).toBeDefined();
  });

  it('needs a non-blank reason, and the rule still runs without one', () => {
    expect(codes(r['empty-reason']).sort()).toEqual(['TRT016', 'TRT110']);
  });

  it('rejects an unknown rule id with a did-you-mean hint', () => {
    const d = r['unknown-rule']!.diagnostics.find((x) => x.code === 'TRT016');
    expect(d?.path).toBe('lints.silence.TRT11O');
    expect(d?.hint).toBe('did you mean "TRT110"?');
  });

  it('cannot silence a hardening rule: both the refusal and the finding are reported', () => {
    expect(codes(r['hardening-rule']).sort()).toEqual(['TRT016', 'TRT203']);
    expect(r['hardening-rule']!.files).toBeUndefined();
  });
});
