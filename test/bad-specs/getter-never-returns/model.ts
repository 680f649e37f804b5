import { defineModel } from '@trtforge/spec';

const source = {
  get modelDir(): string {
    for (;;) { /* a spec that computes forever must not hang the compiler */ }
  },
};

export default defineModel({ name: 'getter-never-returns', source, triton: { excludeInputInOutput: true } });
