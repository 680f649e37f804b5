import { DEFAULTS } from '@trtforge/spec';
import { KUBERNETES_MODES, kubernetesName, MAX_NAME, podLayout } from '../../k8s-layout.js';
import { written } from '../spec-paths.js';
import { when, type LintRule } from '../rule.js';

/** The kubernetes section is optional: rules about what only a Kubernetes deployment needs fire when it is written. */
const wantsKubernetes = (raw: { kubernetes?: unknown }): boolean => raw.kubernetes !== undefined;

export const worldSplitsIntoNodes: LintRule = {
  id: 'TRT190',
  severity: 'error',
  topic: 'kubernetes',
  title: 'a world larger than one node must be a whole number of nodes',
  why: 'When tp × pp exceeds kubernetes.gpusPerNode the world runs as a LeaderWorkerSet group of equal pods (each requests gpusPerNode GPUs and mpirun gives each pod that many slots, as NVIDIA\'s multi-node example does). A remainder would leave a pod with idle GPUs that the scheduler still reserves, or an MPI world that does not match the engine\'s rank count.',
  fields: ['parallelism.tp', 'parallelism.pp', 'kubernetes.gpusPerNode'],
  check: ({ spec }) => {
    const { world, multiNode } = podLayout(spec);
    const perNode = spec.kubernetes.gpusPerNode;
    return when(multiNode && world % perNode !== 0, {
      path: 'kubernetes.gpusPerNode',
      message: `is ${perNode}, which does not divide tp × pp = ${world}: the pods of one group would hold unequal shares of the world`,
      hint: `use gpusPerNode ${[...Array(perNode).keys()].map((i) => perNode - i).find((d) => world % d === 0)} (a divisor of ${world}), or change tp/pp`,
    });
  },
  examples: { pass: { source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' }, triton: { excludeInputInOutput: true }, parallelism: { tp: 4 }, kubernetes: { gpusPerNode: 4 } }, fail: { source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' }, triton: { excludeInputInOutput: true }, parallelism: { tp: 4 }, kubernetes: { gpusPerNode: 3 } } },
};

export const kubernetesServeMode: LintRule = {
  id: 'TRT191',
  severity: 'warning',
  topic: 'kubernetes',
  title: 'only the triton and trtllm-serve modes have Kubernetes manifests',
  why: "Pods get the engine and the model repository from the OCI registry; Triton's OpenAI frontend runs from a checkout of the server sources, which no artifact carries, so compile writes no k8s/ for serve.mode \"openai\". A written kubernetes section would then silently do nothing.",
  fields: ['serve.mode', 'kubernetes'],
  check: ({ spec }) => when(wantsKubernetes(spec.raw) && !(KUBERNETES_MODES as readonly string[]).includes(spec.serve.mode), {
    path: 'serve.mode',
    message: `is "${spec.serve.mode}": compile writes no Kubernetes manifests for it, so the kubernetes section has no effect`,
    hint: 'serve with mode "triton" (KServe v2) or "trtllm-serve" (OpenAI-compatible) on Kubernetes, or remove the kubernetes section',
  }),
  examples: { pass: { source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' }, triton: { excludeInputInOutput: true }, serve: { mode: 'trtllm-serve' }, kubernetes: {} }, fail: { source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' }, triton: { excludeInputInOutput: true }, serve: { mode: 'openai' }, kubernetes: {} } },
};

export const kubernetesNeedsHubRepo: LintRule = {
  id: 'TRT192',
  severity: 'error',
  topic: 'kubernetes',
  title: 'pods fetch the tokenizer from source.hfRepo',
  why: 'The engine carries the weights, not the tokenizer that pre/postprocessing load; a pod has no access to the host\'s source.modelDir, so an init container downloads the tokenizer files from the Hub repository (at source.revision). Without source.hfRepo there is nothing to download and the pod would never start.',
  fields: ['source.hfRepo', 'kubernetes'],
  check: ({ spec }) => when(wantsKubernetes(spec.raw) && spec.source.hfRepo === undefined, {
    path: 'source',
    message: 'has no hfRepo: the Kubernetes pods could not fetch the tokenizer (they cannot read source.modelDir on this host)',
    hint: 'set source.hfRepo to the Hub repository of the weights (owner/name), and source.revision to pin it',
  }),
  examples: { pass: { source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' }, triton: { excludeInputInOutput: true }, kubernetes: {} }, fail: { triton: { excludeInputInOutput: true }, kubernetes: {} } },
};

export const serviceBeyondCluster: LintRule = {
  id: 'TRT193',
  severity: 'warning',
  topic: 'kubernetes',
  title: 'a NodePort or LoadBalancer Service exposes the model beyond the cluster',
  why: 'Triton and trtllm-serve have no authentication: a NodePort opens the port on every node, a LoadBalancer usually on a public address. ClusterIP (the default) keeps the model inside the cluster, reachable with kubectl port-forward or behind an authenticating gateway.',
  fields: ['kubernetes.serviceType'],
  check: ({ spec }) => when(spec.kubernetes.serviceType !== 'ClusterIP', {
    path: 'kubernetes.serviceType',
    message: `is "${spec.kubernetes.serviceType}": the unauthenticated model is reachable from outside the cluster`,
    hint: 'keep ClusterIP and put an authenticating ingress or gateway in front, or silence TRT193 with the reason it is safe here',
  }),
  examples: { pass: { source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' }, triton: { excludeInputInOutput: true }, kubernetes: { serviceType: 'ClusterIP' } }, fail: { source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' }, triton: { excludeInputInOutput: true }, kubernetes: { serviceType: 'LoadBalancer' } } },
};

export const objectNameFits: LintRule = {
  id: 'TRT194',
  severity: 'error',
  topic: 'kubernetes',
  title: 'the Kubernetes object name must fit',
  why: `Objects are named after the spec (dots become dashes). LeaderWorkerSet and StatefulSet append group and worker indexes and a revision hash to pod and label values capped at 63 characters, so trtforge keeps names to ${MAX_NAME}; a longer spec name would be cut, and two specs could then share objects.`,
  fields: ['name', 'kubernetes'],
  check: ({ spec }) => {
    const dashed = spec.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
    return when(wantsKubernetes(spec.raw) && dashed.length > MAX_NAME, {
      path: 'name',
      message: `is ${spec.name.length} characters: the Kubernetes objects would be cut to "${kubernetesName(spec.name)}"`,
      hint: `use a spec name of at most ${MAX_NAME} characters (rename the folder and the workspace package with it)`,
    });
  },
  examples: { pass: { source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' }, triton: { excludeInputInOutput: true }, kubernetes: {} }, fail: { name: 'qwen2.5-0.5b-instruct-for-the-support-team-eu', source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' }, triton: { excludeInputInOutput: true }, kubernetes: {} } },
};

export const unpinnedLauncherImage: LintRule = {
  id: 'TRT195',
  severity: 'warning',
  topic: 'kubernetes',
  title: 'a multi-node launcher image should be pinned',
  why: 'A multi-node group copies kubectl from kubernetes.kubectlImage into its leader (mpirun starts the remote ranks with kubectl exec). The default is a moving tag, so two groups started a week apart may run different kubectl builds; a digest makes the deployment reproducible like the engine it serves.',
  fields: ['kubernetes.kubectlImage', 'kubernetes.gpusPerNode'],
  check: ({ spec }) => when(podLayout(spec).multiNode && !spec.kubernetes.kubectlImage.includes('@sha256:'), {
    path: written(spec, 'kubernetes.kubectlImage') ? 'kubernetes.kubectlImage' : 'kubernetes',
    message: `the multi-node leader copies kubectl from "${spec.kubernetes.kubectlImage}", a tag that can move`,
    hint: `pin it by digest, e.g. kubectlImage: "${DEFAULTS.kubernetes.kubectlImage.replace(/:[^:/]+$/, '')}@sha256:<digest>"`,
  }),
  examples: {
    pass: { source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' }, triton: { excludeInputInOutput: true }, parallelism: { tp: 4 }, kubernetes: { gpusPerNode: 2, kubectlImage: `docker.io/bitnami/kubectl@sha256:${'0'.repeat(64)}` } },
    fail: { source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' }, triton: { excludeInputInOutput: true }, parallelism: { tp: 4 }, kubernetes: { gpusPerNode: 2 } },
  },
};
