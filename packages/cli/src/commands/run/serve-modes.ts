import type { ServeModeName } from '@trtforge/spec';

/** `--mode` choices, listed at registration without loading the client or the spec API. */
export const SERVE_MODE_CHOICES = ['triton', 'trtllm-serve', 'openai'] as const satisfies readonly ServeModeName[];
