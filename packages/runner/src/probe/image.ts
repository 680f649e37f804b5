import type { ContainerRuntime } from '../runtime/types.js';

/** Environment variables NGC images set that identify the build of the image we are inside. */
const LOCAL_IMAGE_MARKERS = ['NVIDIA_TRITON_SERVER_VERSION', 'NVIDIA_BUILD_ID', 'TRT_VERSION', 'TRTLLM_VERSION', 'TENSORRT_VERSION'];

export interface ImageIdentity {
  ref: string;
  /** `<runtime> image inspect` .Id (content digest of the image config); null for `local` or when absent. */
  id: string | null;
  /** For `local`: the NGC build markers of the environment we run in. */
  environment?: Record<string, string>;
}

/**
 * The image part of the convert key. A re-pulled tag with new content changes the id, so an
 * engine is never reused across TRT-LLM builds ("Version tag does not match", backend#190).
 */
export async function imageIdentity(runtime: ContainerRuntime, image: string, env: Record<string, string | undefined>): Promise<ImageIdentity> {
  if (runtime.runsOnHost) {
    const environment: Record<string, string> = {};
    for (const name of LOCAL_IMAGE_MARKERS) if (env[name]) environment[name] = env[name]!;
    return { ref: image, id: null, environment };
  }
  return { ref: image, id: await runtime.imageId(image) };
}
