export { diffCompiled, type CompiledSide, type EffectiveChange, type ModelDiff } from './diff-compiled.js';
export { diffConfigs, configLeaves, boolParameters, readConfigLeaves, type ConfigDiff } from './config-diff.js';
export { diffCommands, argvLeaves, type CommandDiff } from './command-diff.js';
export { stepInputs, STEP_ORDER, type StepInputs, type CachedStep } from './step-inputs.js';
export { stepVerdicts, type StepVerdict } from './rerun.js';
export type { ValueChange } from './flatten.js';
