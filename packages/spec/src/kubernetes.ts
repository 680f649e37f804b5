/**
 * How `generated/<name>/k8s/` runs the model on Kubernetes. Every default works on a cluster with
 * NVIDIA's GPU Operator (device plugin resource `nvidia.com/gpu`, GPU feature discovery labels
 * such as `nvidia.com/gpu.product`). The engine and the model repository reach the pods from the
 * OCI registry by digest (`trtforge deploy` pins it); nothing is built inside the cluster.
 */
export interface KubernetesOptions {
  /**
   * Namespace every object is created in.
   * @default "default"
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  namespace?: string;
  /**
   * GPU model the pods must run on: the value of the `nvidia.com/gpu.product` node label that GPU
   * feature discovery sets (e.g. "NVIDIA-H100-80GB-HBM3"). An engine only runs on the GPU
   * architecture it was built for, so pin it when the cluster mixes GPU models. Unset = any GPU node.
   * @pattern ^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$
   * @maxLength 63
   */
  gpuProduct?: string;
  /**
   * Further node labels the pods require (`nodeSelector`), e.g. `{ "cloud.example.com/pool": "gpu" }`.
   * @default {}
   */
  nodeSelector?: Record<string, string>;
  /**
   * Independent serving copies (Deployment replicas, or LeaderWorkerSet groups when multi-node).
   * @default 1
   * @minimum 0
   * @maximum 1000
   * @asType integer
   */
  replicas?: number;
  /**
   * GPUs one node offers to one pod (`nvidia.com/gpu` per pod). When tp × pp is larger, the world is
   * spread over ⌈tp × pp / gpusPerNode⌉ pods of a LeaderWorkerSet; it must then divide tp × pp.
   * @default 8
   * @minimum 1
   * @maximum 64
   * @asType integer
   */
  gpusPerNode?: number;
  /**
   * Size of `/dev/shm` (an `emptyDir` with `medium: Memory`), a Kubernetes quantity. Matches the
   * container step's `--shm-size` default (2g); NCCL and the python backend need more than the
   * container default of 64 MiB. It counts against the pod's memory.
   * @default "2Gi"
   * @pattern ^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$
   */
  shmSize?: string;
  /**
   * Host memory each serving pod requests (a Kubernetes quantity). tritonserver reads the engine
   * through host memory while loading it; size this at least the engine share of one pod plus
   * `shmSize`. `trtforge deploy` prints the pinned engine's size per pod next to it.
   * @default "32Gi"
   * @pattern ^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$
   */
  memory?: string;
  /**
   * CPU each serving pod requests (a Kubernetes quantity, cores or millicores).
   * @default "4"
   * @pattern ^[0-9]+(\.[0-9]+)?m?$
   */
  cpu?: string;
  /** Where the engine, the model repository and the tokenizer are written inside the pods. */
  storage?: KubernetesStorage;
  /**
   * How the Service exposes the model. `ClusterIP` keeps it inside the cluster (reach it with
   * `kubectl port-forward`); `NodePort` and `LoadBalancer` expose it beyond the cluster, unauthenticated.
   * @default "ClusterIP"
   */
  serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /**
   * How the pods get the engine and the model repository from the OCI registry:
   * - "initContainer": an init container pulls both artifacts by digest with `oras` into an emptyDir
   *   (works on every cluster);
   * - "imageVolume": a Kubernetes image volume mounts the engine read-only by digest (needs the ImageVolume
   *   feature and a container runtime that mounts OCI artifacts); the model repository is still pulled
   *   by the init container, because Triton needs its empty version directories.
   * @default "initContainer"
   */
  engineSource?: 'initContainer' | 'imageVolume';
  /**
   * Name of a `kubernetes.io/dockerconfigjson` Secret the pods pull images and artifacts with
   * (`imagePullSecrets`; the oras init container reads it too). A name, never credentials.
   * Unset = the registry allows anonymous pulls or the nodes are already logged in.
   * @pattern ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$
   * @maxLength 253
   */
  imagePullSecret?: string;
  /**
   * Name of a Secret with key `HF_TOKEN`, passed by `secretKeyRef` to the init container that fetches
   * the tokenizer files from `source.hfRepo` (gated models). Unset = the repository is public.
   * @pattern ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$
   * @maxLength 253
   */
  hfTokenSecret?: string;
  /**
   * Image of the init container that pulls the OCI artifacts (oras publishes immutable `vX.Y.Z` tags).
   * @default "ghcr.io/oras-project/oras:v1.3.3"
   * @minLength 1
   */
  orasImage?: string;
  /**
   * Multi-node only: an image with a shell and `kubectl`, copied into the leader so that mpirun
   * starts the remote ranks with `kubectl exec` (the approach of NVIDIA's multi-node Triton example
   * in kubernetes-sigs/lws). Pin a digest in production.
   * @default "docker.io/bitnami/kubectl:latest"
   * @minLength 1
   */
  kubectlImage?: string;
}

/** The pods' scratch space for what they pull. */
export interface KubernetesStorage {
  /**
   * Most the emptyDir holding the engine, repository and tokenizer may grow to (a Kubernetes
   * quantity); the kubelet evicts a pod past it. Unset = no limit.
   * @pattern ^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$
   */
  sizeLimit?: string;
}
