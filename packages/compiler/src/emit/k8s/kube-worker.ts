import { workerData, type MessagePort } from 'node:worker_threads';
import { cacheCompiledModules } from '../../load/module-code-cache.js';
import { emitKubernetesTracked } from './kube-memo.js';
import type { KubernetesRequest } from './kube-thread.js';
import { kubeLibs } from './libs.js';

// The thread of kube-thread.ts: loads cdk8s at once (compiled code from the cache), then emits manifests on request, with what they were made from.
const { port, signal, codeCacheDir } = workerData as { port: MessagePort; signal: Int32Array; codeCacheDir?: string };
const codeCache = codeCacheDir ? cacheCompiledModules(codeCacheDir) : undefined;
kubeLibs();
// Kept at once, while the compile is still busy elsewhere: a thread that is stopped right after its answer writes nothing.
codeCache?.save();
port.on('message', (request: KubernetesRequest) => {
  let reply: unknown;
  try {
    reply = emitKubernetesTracked(request.spec, request.plan, request.header);
  } catch (err) {
    reply = { error: (err as Error)?.message ?? String(err) };
  }
  port.postMessage(reply);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
