import type { ResolvedModelSpec } from './resolve/resolved.js';

/**
 * How a spec's MPI world maps onto Kubernetes pods; read by the k8s emitter and the kubernetes
 * lints alike (so it lives below both). One pod holds the whole world when it fits on one node
 * (a Deployment); otherwise ⌈world / gpusPerNode⌉ pods form one LeaderWorkerSet group.
 */
export interface PodLayout {
  world: number;
  /** Pods per serving copy: 1, or the LeaderWorkerSet group size. */
  pods: number;
  /** `nvidia.com/gpu` each pod requests. */
  gpusPerPod: number;
  multiNode: boolean;
}

export function podLayout(spec: ResolvedModelSpec): PodLayout {
  const world = spec.parallelism.worldSize;
  const perNode = spec.kubernetes.gpusPerNode;
  if (world <= perNode) return { world, pods: 1, gpusPerPod: world, multiNode: false };
  const pods = Math.ceil(world / perNode);
  return { world, pods, gpusPerPod: perNode, multiNode: true };
}

/**
 * A Kubernetes object name from the spec name: spec names may hold dots and start with a digit
 * (`qwen2.5-0.5b`), Service names must be RFC 1035 labels (letters, digits, '-', starting with a letter).
 */
export function kubernetesName(specName: string): string {
  const dashed = specName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  const name = /^[a-z]/.test(dashed) ? dashed : `m-${dashed}`;
  return name.slice(0, MAX_NAME).replace(/-$/, '');
}

/**
 * Longest object name: LeaderWorkerSet worker pods are `<name>-<group>-<index>` and StatefulSet
 * pods carry a `controller-revision-hash` label of `<name>-<hash>` (≤ 63), so leave room for both.
 */
export const MAX_NAME = 40;

/** Serve modes that run in a pod from artifacts alone (the OpenAI frontend needs a server source checkout). */
export const KUBERNETES_MODES = ['triton', 'trtllm-serve'] as const;
