import { downloadArgv, type Plan, type PlanMount, type ServeStep } from '@trtforge/spec';
import type { PodLayout } from '../../k8s-layout.js';
import type { ResolvedModelSpec } from '../../resolve/resolved.js';
import { unpinnedReference, type ArtifactStep } from './artifacts.js';
import { podArgv, podEnv } from './argv.js';
import { kubeLibs, type K8s } from './libs.js';
import { LAUNCHER_DIR, KUBECTL_DIR } from './launcher.js';

/** Where init containers write what they fetch (an emptyDir), one sub-directory per mount. */
const FETCH_DIR = '/trtforge/fetch';
const SERVER = 'server';

/** Tokenizer files only: the weights stay out of the serving pods (the engine has them). */
const TOKENIZER_FILES = ['*.json', '*.txt', '*.model', '*.tiktoken'];

export type PodRole = 'single' | 'leader' | 'worker';

interface Fetch {
  /** Volume / sub-directory name. */
  name: string;
  mount: PlanMount;
  artifact?: ArtifactStep;
}

/** What each plan mount of the serve step becomes in a pod: an OCI artifact or a Hub download. */
function fetches(step: ServeStep): Fetch[] {
  return step.mounts.map((mount): Fetch => {
    const s = mount.source;
    if (s.kind === 'modelRepo') return { name: 'model-repo', mount, artifact: 'repo' };
    if (s.kind === 'step') return { name: s.step === 'build' ? 'engine' : 'checkpoint', mount, artifact: s.step };
    if (s.kind === 'input') return { name: s.name === 'modelDir' ? 'hf-model' : 'tokenizer', mount };
    throw new Error(`internal: serve mount ${s.kind} has no Kubernetes source`);
  });
}

export interface PodInputs {
  spec: ResolvedModelSpec;
  plan: Plan;
  step: ServeStep;
  layout: PodLayout;
  objectName: string;
  labels: Record<string, string>;
}

/** The pod template of one serving pod (the whole world, a LeaderWorkerSet leader or a worker). */
export function podTemplate(inputs: PodInputs, role: PodRole): K8s.PodTemplateSpec {
  const { k8s } = kubeLibs();
  const { spec, plan, step, layout, objectName } = inputs;
  const kube = spec.kubernetes;
  const q = (v: string | number) => (typeof v === 'number' ? k8s.Quantity.fromNumber(v) : k8s.Quantity.fromString(v));
  const items = fetches(step);
  // An image volume is read-only and holds only the artifact's files, but Triton loads no ensemble without
  // its empty version directory: the model repository (kilobytes of configs) is always pulled into the
  // emptyDir, where its directories are made; only checkpoints and engines are mounted as image volumes.
  const viaImageVolume = (f: { artifact?: string }) => kube.engineSource === 'imageVolume' && f.artifact !== undefined && f.artifact !== 'repo';

  const volumes: K8s.Volume[] = [
    { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: q(kube.shmSize) } },
    { name: 'fetch', emptyDir: kube.storage?.sizeLimit ? { sizeLimit: q(kube.storage.sizeLimit) } : {} },
  ];
  const serverMounts: K8s.VolumeMount[] = [{ name: 'dshm', mountPath: '/dev/shm' }];
  const initContainers: K8s.Container[] = [];
  const fetchMount: K8s.VolumeMount = { name: 'fetch', mountPath: FETCH_DIR };
  const registryAuth = kube.imagePullSecret !== undefined;
  if (registryAuth && items.some((f) => f.artifact && !viaImageVolume(f))) {
    volumes.push({ name: 'registry-auth', secret: { secretName: kube.imagePullSecret!, items: [{ key: '.dockerconfigjson', path: 'config.json' }] } });
  }

  for (const f of items) {
    if (viaImageVolume(f)) {
      volumes.push({ name: f.name, image: { reference: unpinnedReference(objectName, f.artifact!), pullPolicy: 'IfNotPresent' } });
      serverMounts.push({ name: f.name, mountPath: f.mount.target, readOnly: true });
      continue;
    }
    serverMounts.push({ name: 'fetch', mountPath: f.mount.target, subPath: f.name, readOnly: true });
    if (f.artifact) {
      initContainers.push({
        name: `pull-${f.name}`,
        image: kube.orasImage,
        command: ['oras', 'pull', unpinnedReference(objectName, f.artifact), '--output', `${FETCH_DIR}/${f.name}`,
          ...(registryAuth ? ['--registry-config', '/trtforge/registry-auth/config.json'] : [])],
        volumeMounts: [fetchMount, ...(registryAuth ? [{ name: 'registry-auth', mountPath: '/trtforge/registry-auth', readOnly: true }] : [])],
      });
      // A layer is a file: `oras pull` writes no empty directory, and Triton loads no ensemble without its
      // (empty) version directory. The same dirs the runner's assembly makes (plan.assemble.mkdir).
      if (f.artifact === 'repo' && plan.assemble.mkdir.length > 0) {
        initContainers.push({
          name: `${f.name}-dirs`,
          image: step.image,
          command: ['mkdir', '-p', ...plan.assemble.mkdir.map((d) => `${FETCH_DIR}/${f.name}/${d}`)],
          volumeMounts: [fetchMount],
        });
      }
    } else {
      const download = downloadArgv(plan.inputs, `${FETCH_DIR}/${f.name}`);
      const dir = download.indexOf('--local-dir');
      const argv = f.name === 'tokenizer' ? [...download.slice(0, dir), '--include', ...TOKENIZER_FILES, ...download.slice(dir)] : download;
      initContainers.push({
        name: `fetch-${f.name}`,
        image: step.image,
        command: argv,
        // The token only by reference: the value lives in the cluster's Secret, never in generated/.
        ...(kube.hfTokenSecret ? { env: [{ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: kube.hfTokenSecret, key: 'HF_TOKEN', optional: false } } }] } : {}),
        volumeMounts: [fetchMount],
      });
    }
  }

  const env: K8s.EnvVar[] = [
    { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    ...podEnv(step).map(([name, value]) => ({ name, value })),
  ];
  const ports: K8s.ContainerPort[] = Object.entries(step.ports).map(([role, port]) => ({ name: role, containerPort: port!, protocol: 'TCP' }));
  const readyPort = Object.entries(step.ports).find(([, port]) => port === step.ready.port)?.[0] ?? String(step.ready.port);
  const probe = (periodSeconds: number, failureThreshold: number): K8s.Probe => ({
    httpGet: { path: step.ready.path, port: k8s.IntOrString.fromString(readyPort) }, periodSeconds, failureThreshold, timeoutSeconds: 5,
  });
  const gpus = q(layout.gpusPerPod);
  const resources: K8s.ResourceRequirements = {
    requests: { cpu: q(kube.cpu), memory: q(kube.memory), 'nvidia.com/gpu': gpus },
    limits: { 'nvidia.com/gpu': gpus },
  };

  let container: K8s.Container;
  if (role === 'worker') {
    // mpirun on the leader starts this pod's ranks through `kubectl exec`; the container only waits.
    container = { name: SERVER, image: step.image, command: ['sleep', 'infinity'], env, resources, volumeMounts: serverMounts };
  } else {
    const argv = podArgv(step);
    const launched = role === 'leader'
      ? { command: ['/bin/sh', `${LAUNCHER_DIR}/launch.sh`], args: argv }
      : { command: argv };
    container = {
      name: SERVER, image: step.image, ...launched,
      env: role === 'leader' ? [...env, { name: 'TRTFORGE_GPUS_PER_POD', value: String(layout.gpusPerPod) }] : env,
      ports, resources,
      // Engine loading can take many minutes; the startup probe allows 20 (trtforge serve's --ready-timeout).
      startupProbe: probe(10, 120),
      readinessProbe: probe(10, 3),
      livenessProbe: probe(20, 6),
      volumeMounts: [
        ...serverMounts,
        ...(role === 'leader' ? [{ name: 'launcher', mountPath: LAUNCHER_DIR, readOnly: true }, { name: 'kubectl', mountPath: KUBECTL_DIR, readOnly: true }] : []),
      ],
    };
  }
  if (role === 'leader') {
    volumes.push({ name: 'launcher', configMap: { name: `${objectName}-launcher`, defaultMode: 0o555 } }, { name: 'kubectl', emptyDir: {} });
    initContainers.push({
      name: 'copy-kubectl',
      image: kube.kubectlImage,
      command: ['/bin/sh', '-c', `cp "$(command -v kubectl)" ${KUBECTL_DIR}/kubectl`],
      volumeMounts: [{ name: 'kubectl', mountPath: KUBECTL_DIR }],
    });
  }

  const nodeSelector = { ...(kube.gpuProduct ? { 'nvidia.com/gpu.product': kube.gpuProduct } : {}), ...kube.nodeSelector };
  return {
    metadata: { labels: inputs.labels },
    spec: {
      ...(role === 'leader' ? { serviceAccountName: `${objectName}-launcher` } : { automountServiceAccountToken: false }),
      ...(Object.keys(nodeSelector).length ? { nodeSelector } : {}),
      // GPU nodes are commonly tainted nvidia.com/gpu:NoSchedule so that only GPU pods land there.
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      ...(kube.imagePullSecret ? { imagePullSecrets: [{ name: kube.imagePullSecret }] } : {}),
      initContainers,
      containers: [container],
      volumes,
    },
  };
}
