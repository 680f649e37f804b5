import type { ServeStep } from '@trtforge/spec';

/**
 * The serve argv for a pod. In a pod the spec's bind address (loopback by default) would be
 * unreachable, and a wildcard would bind more than needed: rank 0 (the only rank that serves)
 * binds the pod's own IP, `$(POD_IP)` (the kubelet expands it from the downward API), so the
 * Service and the probes reach it and nothing else is bound; the other mpirun ranks (which never
 * start their endpoints: they wait in the TensorRT-LLM executor) keep to loopback.
 */
export function podArgv(step: ServeStep): string[] {
  const host = step.host;
  let rank = 0;
  return step.argv.map((arg) => {
    if (arg === ':') rank += 1;
    const address = rank === 0 ? '$(POD_IP)' : '127.0.0.1';
    if (arg === host) return address;
    const eq = arg.indexOf('=');
    if (eq > 0 && arg.startsWith('--') && arg.slice(eq + 1) === host && /address|host/.test(arg.slice(0, eq))) return `${arg.slice(0, eq + 1)}${address}`;
    return arg;
  });
}

/** The plan's step environment without what the device plugin decides (which GPUs a pod sees). */
export function podEnv(step: ServeStep): Array<[string, string]> {
  return Object.entries(step.env).filter(([name]) => name !== 'CUDA_VISIBLE_DEVICES').sort(([a], [b]) => a.localeCompare(b));
}
