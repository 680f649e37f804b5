export { defineModel } from './define-model.js';
export type { ModelSpec, ContextBudget, LintOptions } from './model.js';
export type { SourceOptions, ModelFamily } from './source.js';
export type { RuntimeOptions, BackendVersion, ContainerPaths } from './runtime.js';
export type { ParallelismOptions, GpuId } from './parallelism.js';
export type { ConvertOptions } from './convert.js';
export type { QuantizationOptions, QuantizationFormat } from './quantization.js';
export type {
  BuildOptions, BuildPlugins, BuildLogits, BuildLora, BuildSpeculative, BuilderOptions, PluginDtype,
} from './build.js';
export type {
  TritonOptions, TritonInstances, TritonKvCache, TritonLora, TritonTokenizer, TritonMultimodal, TritonBls,
  TritonFloatType, TritonDeviceId,
} from './triton.js';
export type { ServeOptions, ServePorts } from './serve.js';
export type { BenchOptions } from './bench.js';
export type { KubernetesOptions, KubernetesStorage } from './kubernetes.js';
export * from './plan.js';
export { DEFAULTS } from './defaults.js';
export { modelSpecSchema } from './schema.js';
export { shellQuote, formatArgv } from './format-argv.js';
export { connectHost, authority } from './address.js';
export { SECRET_SHAPES, SECRET_ENV_NAME, MIN_SECRET_LENGTH, MASK, isSecretEnvName, secretEnv, secretValues, maskSecrets, SecretMasker } from './secrets.js';
