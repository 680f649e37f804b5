import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'argv-ipv6-wildcard-host',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true },
  serve: { host: '::', exposeOnAllInterfaces: false },
});
