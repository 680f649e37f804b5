import type { Plan, ServeStep } from '@trtforge/spec';
import { KUBERNETES_MODES, kubernetesName, podLayout } from '../../k8s-layout.js';
import type { ResolvedModelSpec } from '../../resolve/resolved.js';
import type { FileMap } from '../file-map.js';
import type { LeaderWorkerSetSpec, PodMonitorSpec } from './custom-resources.js';
import { KUBESSH, LAUNCH_SH } from './launcher.js';
import { kubeLibs, type Cdk8s } from './libs.js';
import { podTemplate, type PodInputs } from './pod.js';

export { unpinnedReference, unpinnedReferences, PLACEHOLDER_REGISTRY, type ArtifactStep } from './artifacts.js';

/** Client-facing ports a Service exposes, per serve mode (metrics stay pod-local, scraped by the PodMonitor). */
const SERVICE_ROLES = ['http', 'grpc', 'openai'] as const;

/**
 * generated/<name>/k8s/: the selected serve mode as Kubernetes objects, synthesized by cdk8s in
 * memory. One pod per serving copy when tp × pp fits one node (a Deployment), else a
 * LeaderWorkerSet whose leader runs the mpirun world across its group. Pure: same spec and plan,
 * same bytes. Serve modes that need more than OCI artifacts (the OpenAI frontend runs from a server
 * checkout) get no manifests; the kubernetes lints say so.
 */
export function emitKubernetes(spec: ResolvedModelSpec, plan: Plan, header: string): FileMap {
  const step = plan.serve.modes[plan.serve.selected];
  if (!(KUBERNETES_MODES as readonly string[]).includes(step.mode)) return {};
  const { cdk8s, k8s } = kubeLibs();
  const layout = podLayout(spec);
  const name = kubernetesName(spec.name);
  const namespace = spec.kubernetes.namespace;
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/managed-by': 'trtforge' };
  const meta = (objectName: string) => ({ name: objectName, namespace, labels });
  const servingLabels = layout.multiNode ? { ...labels, 'trtforge.dev/role': 'leader' } : labels;
  const inputs: PodInputs = { spec, plan, step, layout, objectName: name, labels };

  const files: FileMap = {};
  const chart = (file: string, build: (c: Cdk8s.Chart) => void) => {
    const app = new cdk8s.App();
    const c = new cdk8s.Chart(app, file.replace(/\W/g, '-'), { disableResourceNameHashes: true });
    build(c);
    files[`k8s/${file}`] = `# ${header}\n${app.synthYaml()}`;
  };

  if (!layout.multiNode) {
    chart('deployment.yaml', (c) => new k8s.KubeDeployment(c, 'deployment', {
      metadata: meta(name),
      spec: {
        replicas: spec.kubernetes.replicas,
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        // A new pod needs free GPUs: replace pods one at a time instead of surging.
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(0), maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        template: podTemplate(inputs, 'single'),
      },
    }));
  } else {
    chart('leaderworkerset.yaml', (c) => {
      const lws: LeaderWorkerSetSpec = {
        replicas: spec.kubernetes.replicas,
        startupPolicy: 'LeaderCreated',
        leaderWorkerTemplate: {
          size: layout.pods,
          // One MPI world: a lost pod takes the whole group down and back up together.
          restartPolicy: 'RecreateGroupOnPodRestart',
          leaderTemplate: withRole(podTemplate(inputs, 'leader'), 'leader'),
          workerTemplate: withRole(podTemplate(inputs, 'worker'), 'worker'),
        },
      };
      new cdk8s.ApiObject(c, 'lws', {
        apiVersion: 'leaderworkerset.x-k8s.io/v1', kind: 'LeaderWorkerSet', metadata: meta(name),
        spec: {
          ...lws,
          leaderWorkerTemplate: {
            ...lws.leaderWorkerTemplate,
            leaderTemplate: k8s.toJson_PodTemplateSpec(lws.leaderWorkerTemplate.leaderTemplate),
            workerTemplate: k8s.toJson_PodTemplateSpec(lws.leaderWorkerTemplate.workerTemplate),
          },
        },
      });
    });
    chart('launcher.yaml', (c) => launcherObjects(c, name, meta));
  }

  chart('service.yaml', (c) => new k8s.KubeService(c, 'service', {
    metadata: meta(name),
    spec: {
      type: spec.kubernetes.serviceType,
      selector: servingLabels,
      ports: servicePorts(step).map((role) => ({ name: role, port: step.ports[role]!, targetPort: k8s.IntOrString.fromString(role), protocol: 'TCP' })),
    },
  }));

  if (step.ports.metrics !== undefined) {
    chart('podmonitor.yaml', (c) => {
      const monitor: PodMonitorSpec = { selector: { matchLabels: servingLabels }, podMetricsEndpoints: [{ port: 'metrics', path: '/metrics' }] };
      new cdk8s.ApiObject(c, 'podmonitor', { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: meta(name), spec: monitor });
    });
  }
  return files;
}

function servicePorts(step: ServeStep): Array<(typeof SERVICE_ROLES)[number]> {
  return SERVICE_ROLES.filter((role) => step.ports[role] !== undefined);
}

function withRole<T extends { metadata?: { labels?: Record<string, string> } }>(template: T, role: 'leader' | 'worker'): T {
  return { ...template, metadata: { ...template.metadata, labels: { ...template.metadata?.labels, 'trtforge.dev/role': role } } };
}

/** The leader's launch scripts and the right to `kubectl exec` into the pods of its namespace. */
function launcherObjects(c: Cdk8s.Chart, name: string, meta: (n: string) => { name: string; namespace: string; labels: Record<string, string> }): void {
  const { k8s } = kubeLibs();
  const launcher = `${name}-launcher`;
  new k8s.KubeConfigMap(c, 'scripts', { metadata: meta(launcher), data: { 'launch.sh': LAUNCH_SH, kubessh: KUBESSH } });
  new k8s.KubeServiceAccount(c, 'account', { metadata: meta(launcher) });
  new k8s.KubeRole(c, 'role', {
    metadata: meta(launcher),
    rules: [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
    ],
  });
  new k8s.KubeRoleBinding(c, 'binding', {
    metadata: meta(launcher),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: launcher },
    subjects: [{ kind: 'ServiceAccount', name: launcher, namespace: meta(launcher).namespace }],
  });
}
