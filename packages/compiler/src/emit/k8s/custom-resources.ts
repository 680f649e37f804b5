import type { K8s } from './libs.js';

/**
 * Typed shapes of the two custom resources trtforge writes. cdk8s writes them through ApiObject;
 * the acceptance tests validate the output against the real CRD schemas (LeaderWorkerSet from
 * kubernetes-sigs/lws, PodMonitor from prometheus-operator).
 */

/** leaderworkerset.x-k8s.io/v1 LeaderWorkerSet `spec` (the fields trtforge sets). */
export interface LeaderWorkerSetSpec {
  replicas: number;
  startupPolicy: 'LeaderCreated' | 'LeaderReady';
  leaderWorkerTemplate: {
    size: number;
    restartPolicy: 'RecreateGroupOnPodRestart' | 'None';
    leaderTemplate: K8s.PodTemplateSpec;
    workerTemplate: K8s.PodTemplateSpec;
  };
}

/** monitoring.coreos.com/v1 PodMonitor `spec`. */
export interface PodMonitorSpec {
  selector: { matchLabels: Record<string, string> };
  podMetricsEndpoints: Array<{ port: string; path: string; interval?: string }>;
}
