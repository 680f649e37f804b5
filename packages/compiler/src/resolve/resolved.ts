import type {
  BackendVersion, BenchOptions, BuildOptions, ContainerPaths, ContextBudget, ConvertOptions, KubernetesOptions, ModelFamily, ModelSpec, QuantizationOptions,
  ServeOptions, ServePorts, SourceOptions, TritonInstances, TritonOptions,
} from '@trtforge/spec';

/** A spec with every default applied: what the emitters and lints read (Vite's ResolvedConfig). */
export interface ResolvedModelSpec {
  readonly name: string;
  readonly source: SourceOptions & { tokenizerDir: string; family: ModelFamily; checkpoint: NonNullable<SourceOptions['checkpoint']> };
  readonly runtime: { image: string; backendVersion: BackendVersion; paths: Required<ContainerPaths> };
  readonly parallelism: { tp: number; pp: number; gpuIds: number[]; worldSize: number };
  readonly streaming: boolean;
  readonly prefixCaching?: boolean;
  readonly context?: ContextBudget;
  readonly convert: ConvertOptions;
  /** Present only when the spec has a `quantization` section (defaults applied). */
  readonly quantization?: Required<QuantizationOptions>;
  readonly build: BuildOptions & {
    maxBatchSize: number; maxInputLen: number; maxNumTokens: number; maxBeamWidth: number;
    kvCacheType: NonNullable<BuildOptions['kvCacheType']>; tokensPerBlock: number;
    plugins: NonNullable<BuildOptions['plugins']>;
  };
  readonly triton: TritonOptions & {
    maxBatchSize: number; decoupled: boolean; backend: NonNullable<TritonOptions['backend']>;
    batchingStrategy: NonNullable<TritonOptions['batchingStrategy']>;
    maxQueueDelayMicroseconds: number; maxQueueSize: number; instances: Required<TritonInstances>;
  };
  readonly serve: Required<Omit<ServeOptions, 'ports' | 'exposeOnAllInterfaces'>> & { ports: Required<ServePorts>; exposeOnAllInterfaces?: boolean };
  readonly bench: Required<BenchOptions>;
  readonly kubernetes: Required<Omit<KubernetesOptions, 'gpuProduct' | 'imagePullSecret' | 'hfTokenSecret' | 'storage'>> & Pick<KubernetesOptions, 'gpuProduct' | 'imagePullSecret' | 'hfTokenSecret' | 'storage'>;
  readonly lints: { silence: Record<string, string> };
  /** The spec as written (before defaults): emitters use it to keep argv to what the user asked for. */
  readonly raw: ModelSpec;
}
