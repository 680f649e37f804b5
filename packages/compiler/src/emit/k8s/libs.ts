import { createRequire } from 'node:module';
import type * as Cdk8s from 'cdk8s';
import type * as K8s from 'cdk8s-plus-33/lib/imports/k8s.js';

export type { K8s, Cdk8s };

const require = createRequire(import.meta.url);
let loaded: { cdk8s: typeof Cdk8s; k8s: typeof K8s } | undefined;

/**
 * cdk8s and the typed Kubernetes objects (cdk8s-plus-33 ships them, generated from the Kubernetes
 * 1.33 OpenAPI). Loaded on first use: together they take a few hundred milliseconds, which a
 * command that never emits manifests should not pay. The imports are taken directly, not through
 * cdk8s-plus' index, which would also load its high-level constructs.
 */
export function kubeLibs(): { cdk8s: typeof Cdk8s; k8s: typeof K8s } {
  loaded ??= { cdk8s: require('cdk8s') as typeof Cdk8s, k8s: require('cdk8s-plus-33/lib/imports/k8s') as typeof K8s };
  return loaded;
}
