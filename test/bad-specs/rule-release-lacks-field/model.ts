import { defineModel } from '@trtforge/spec';

// tensorrtllm_backend 0.16.0's templates have no ${logits_datatype}: the field would be dropped.
export default defineModel({
  name: 'rule-release-lacks-field',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  runtime: { backendVersion: '0.16.0' },
  triton: { excludeInputInOutput: true, logitsDatatype: 'TYPE_FP16' },
});
