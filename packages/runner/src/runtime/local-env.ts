import { isSecretEnvName } from '@trtforge/spec';

/**
 * What the `local` runtime passes from the host environment to a tool: an allowlist, never the
 * whole environment, so a token the tool does not need (NGC_API_KEY, AWS_SECRET_ACCESS_KEY, …)
 * cannot end up in its output, its artifacts or a crash dump. A container gets even less: only the
 * step's env and its passEnv names (container-args.ts).
 */
const EXACT = new Set([
  // process basics
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'TERM', 'TZ', 'LANG', 'LANGUAGE', 'TMPDIR', 'TMP', 'TEMP',
  // shared libraries (CUDA, TensorRT, MPI live outside the default search path)
  'LD_LIBRARY_PATH',
  // Python tools (convert_checkpoint.py, trtllm-build, the OpenAI frontend)
  'PYTHONPATH', 'PYTHONHOME', 'VIRTUAL_ENV', 'CONDA_PREFIX',
  // Hugging Face location and offline switches (not credentials; HF_TOKEN is secret-named and only passes by passEnv)
  'HF_HOME', 'HF_HUB_CACHE', 'HF_HUB_OFFLINE', 'HF_DATASETS_OFFLINE', 'TRANSFORMERS_OFFLINE', 'TRANSFORMERS_CACHE',
  'XDG_CACHE_HOME', 'XDG_RUNTIME_DIR',
]);

/** Families the GPU stack reads: CUDA, NCCL, the NVIDIA driver/container settings, MPI, TensorRT-LLM, Triton; LC_* locale; trtforge's own knobs. */
const PREFIXES = ['CUDA_', 'NCCL_', 'NVIDIA_', 'OMPI_', 'PMIX_', 'UCX_', 'TLLM_', 'TRTLLM_', 'TRITON_', 'LC_', 'TRTFORGE_'];

/** True when the local runtime hands the host variable `name` to tools (secret-looking names never, unless in passEnv). */
export function passesToLocalTools(name: string): boolean {
  if (isSecretEnvName(name)) return false;
  return EXACT.has(name) || PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** The host environment a local tool gets: the allowlist plus the step's passEnv (by name: values stay out of the plan). */
export function localToolEnv(hostEnv: Record<string, string | undefined>, passEnv: readonly string[]): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(hostEnv)) if (value !== undefined && passesToLocalTools(name)) env[name] = value;
  for (const name of passEnv) if (hostEnv[name] !== undefined) env[name] = hostEnv[name];
  return env;
}
