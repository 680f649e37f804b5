import { join } from 'node:path';
import type { CompiledManifests } from './manifests.js';
import { entryReference, orasFlags, repositoryOf, type Remote } from './remote.js';

/** One line of the deploy plan: a command to run (argv, printed ready to copy) or what trtforge itself does. */
export interface DeployStep {
  what: string;
  argv?: string[];
  /** Run by `trtforge deploy` itself (not only printed). */
  runs: boolean;
}

/** Something this host lacks to deploy, with the fix (printed like doctor's ✗ lines). */
export interface Missing {
  what: string;
  fix: string;
}

export interface DeployFacts {
  model: string;
  manifests: CompiledManifests;
  remote?: Remote;
  /** Why TRTFORGE_REMOTE_CACHE could not be used (the runner's message), when it is set but wrong. */
  remoteProblem?: string;
  /** The recorded model repository was assembled for the `local` runtime (host paths in its configs). */
  repoNamesHostPaths?: boolean;
  /** Runner key per artifact step, from the state dir's manifests. */
  keys: Partial<Record<string, string>>;
  stateDir: string;
  /** Displayed state dir (repository-relative). */
  stateDirShown: string;
  tools: { kubectl: boolean; oras: boolean };
  /** kubectl's current context, when kubectl has one. */
  context?: string;
}

export const pinnedDir = (stateDir: string): string => join(stateDir, 'k8s');

/** The workload deploy waits for: the Deployment, or the LeaderWorkerSet of a multi-node spec. */
export function workload(m: CompiledManifests): { kind: string; name: string; namespace: string } {
  const w = m.objects.find((o) => o.kind === 'Deployment' || o.kind === 'LeaderWorkerSet');
  if (!w) throw new Error(`internal: ${m.dir} holds no Deployment or LeaderWorkerSet`);
  return w;
}

/** `registry/repository:<step>-<key>`: the tag the runner pushed the entry under (its own entryReference). */
export function artifactTag(f: DeployFacts, step: string): string {
  const target = f.remote ?? { registry: '<registry>', repository: '<repository>' };
  return entryReference(target, step, f.keys[step] ?? `<${step} key>`);
}

/** Every step from a built engine to a served model, in order. */
export function deploySteps(f: DeployFacts): DeployStep[] {
  const m = f.manifests;
  const w = workload(m);
  const ns = w.namespace;
  const registry = f.remote ? repositoryOf(f.remote) : '<registry>/<repository>';
  const has = (kind: string) => m.objects.some((o) => o.kind === kind);
  const port = /- name: (?:http|openai)\s+port: (\d+)/.exec(m.files['service.yaml'] ?? '')?.[1];
  const steps: DeployStep[] = [
    { what: 'the engine in the local store (a cache hit costs nothing)', argv: ['trtforge', 'build', f.model], runs: false },
    { what: `push the ${m.artifacts.map((a) => a.step).join(' and ')} entries to ${f.remote ? `oci://${registry}` : 'the OCI remote store'}`, argv: ['trtforge', 'cache', 'push', f.model], runs: false },
    ...m.artifacts.map((a): DeployStep => ({
      what: `the digest of the ${a.step} artifact (pins ${a.reference})`,
      argv: ['oras', 'resolve', ...orasFlags(f.remote), artifactTag(f, a.step)],
      runs: true,
    })),
    { what: `trtforge writes the pinned manifests to ${f.stateDirShown}/k8s/ (each placeholder → ${registry}@sha256:<digest>)`, runs: true },
    { what: 'the cluster kubectl talks to', argv: ['kubectl', 'config', 'current-context'], runs: true },
    ...(has('LeaderWorkerSet') ? [{ what: 'LeaderWorkerSet is installed (kubernetes-sigs/lws)', argv: ['kubectl', 'get', 'crd', 'leaderworkersets.leaderworkerset.x-k8s.io'], runs: true }] : []),
    ...(has('PodMonitor') ? [{ what: 'the Prometheus operator is installed (PodMonitor)', argv: ['kubectl', 'get', 'crd', 'podmonitors.monitoring.coreos.com'], runs: true }] : []),
    ...(ns !== 'default' ? [{ what: `namespace ${ns} exists`, argv: ['kubectl', 'get', 'namespace', ns], runs: true }] : []),
    { what: 'apply (from the repository root)', argv: ['kubectl', 'apply', '--server-side', '--field-manager=trtforge', '-f', pinnedDir(f.stateDirShown)], runs: true },
    {
      what: 'wait until it serves (engine loading can take many minutes)',
      argv: w.kind === 'Deployment'
        ? ['kubectl', '-n', ns, 'rollout', 'status', `deployment/${w.name}`, '--timeout=1200s']
        : ['kubectl', '-n', ns, 'wait', '--for=condition=Available', `leaderworkerset/${w.name}`, '--timeout=1200s'],
      runs: true,
    },
    ...(port ? [{ what: 'then reach it from this machine (the Service is ClusterIP unless the spec says otherwise)', argv: ['kubectl', '-n', ns, 'port-forward', `service/${w.name}`, `${port}:${port}`], runs: false }] : []),
  ];
  return steps;
}

/** What this host lacks before `trtforge deploy` can run the steps it runs. */
export function missing(f: DeployFacts): Missing[] {
  const out: Missing[] = [];
  if (f.remoteProblem) out.push({ what: f.remoteProblem, fix: 'export TRTFORGE_REMOTE_CACHE=oci://<registry>/<repository>, a registry the cluster nodes pull from' });
  else if (!f.remote) out.push({ what: 'TRTFORGE_REMOTE_CACHE is not set', fix: 'export TRTFORGE_REMOTE_CACHE=oci://<registry>/<repository>, a registry the cluster nodes pull from' });
  if (f.keys.repo && f.repoNamesHostPaths && f.manifests.artifacts.some((a) => a.step === 'repo')) {
    out.push({ what: `the model repository in ${f.stateDirShown}/repo.manifest.json was assembled for the local runtime: its configs name this host's paths, which no pod has`, fix: `assemble it for containers: trtforge serve ${f.model} --runtime podman (or docker), then trtforge cache push ${f.model}` });
  }
  for (const a of f.manifests.artifacts) {
    if (f.keys[a.step]) continue;
    out.push(a.step === 'build'
      ? { what: `no engine recorded in ${f.stateDirShown}/build.manifest.json`, fix: `trtforge build ${f.model} (or trtforge cache pull ${f.model})` }
      : { what: `no ${a.step === 'repo' ? 'model repository' : a.step} entry recorded in ${f.stateDirShown}/${a.step}.manifest.json`, fix: `trtforge serve ${f.model} assembles it on a host that can serve (or trtforge cache pull ${f.model})` });
  }
  if (!f.tools.oras) out.push({ what: 'oras is not on PATH (deploy resolves the artifacts\' digests with `oras resolve`)', fix: 'install the oras CLI (oras.land)' });
  if (!f.tools.kubectl) out.push({ what: 'kubectl is not on PATH', fix: 'install kubectl and configure it for the cluster' });
  else if (!f.context) out.push({ what: 'kubectl has no current context: no cluster is configured on this host', fix: 'kubectl config use-context <name>, or set KUBECONFIG to the cluster\'s kubeconfig' });
  return out;
}
