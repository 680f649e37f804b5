import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { join } from 'node:path';
import type { Plan } from '@trtforge/spec';
import { defaultCacheDir } from '../../load/cache-dir.js';
import type { ResolvedModelSpec } from '../../resolve/resolved.js';
import type { FileMap } from '../file-map.js';
import { emitKubernetes } from './index.js';

/**
 * Kubernetes manifests from a second thread. Loading cdk8s and its 3.4 MB of typed Kubernetes
 * objects is the largest part of compiling one spec (~0.2 s); started when a compile begins, the
 * thread loads them on the other core while this one reads, validates, lints and emits the rest,
 * and synth() then asks it for the manifests synchronously (the thread runs the very same
 * emitKubernetes, so the bytes are the same). Without a started thread, or when it could not
 * start, the manifests are emitted here.
 */

/** What synth asks the thread for: emitKubernetes' arguments. */
export interface KubernetesRequest {
  spec: ResolvedModelSpec;
  plan: Plan;
  header: string;
}

/** signal[REPLIES] counts the thread's answers; signal[FAILED] is set when it could not load. */
const REPLIES = 0;
const FAILED = 1;
/** A thread that neither answers nor fails within this long is reported, not waited for forever. */
const ANSWER_TIMEOUT_MS = 120_000;

let thread: { worker: Worker; port: MessagePort; signal: Int32Array } | undefined;

/**
 * Starts the thread (once) for a compile in the repository at `root` (whose cache directory keeps
 * the thread's compiled modules), unless running from TypeScript sources (tests), where there is
 * no built worker to start.
 */
export function startKubernetesThread(root: string): void {
  if (thread || import.meta.url.endsWith('.ts')) return;
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const entry = new URL('./kube-worker.js', import.meta.url).href;
  // A bootstrap that flags a worker module that fails to load: this thread may be blocked waiting, deaf to 'error' events.
  const bootstrap = `const { workerData: w } = require('node:worker_threads');
import(w.entry).catch(() => { Atomics.store(w.signal, ${FAILED}, 1); Atomics.notify(w.signal, ${REPLIES}); });`;
  try {
    const worker = new Worker(bootstrap, { eval: true, workerData: { entry, port: port2, signal, codeCacheDir: codeCacheDirOf(root) }, transferList: [port2] });
    worker.unref();
    worker.on('error', () => Atomics.store(signal, FAILED, 1));
    thread = { worker, port: port1, signal };
  } catch {
    thread = undefined;
  }
}

/** Where compiled modules are cached (load/module-code-cache.ts), or undefined with the caches off. */
export function codeCacheDirOf(root: string): string | undefined {
  const cacheDir = defaultCacheDir(root);
  return cacheDir ? join(cacheDir, 'v8', 'modules') : undefined;
}

/** Stops the thread (the compile is done); the next compile starts another. */
export function stopKubernetesThread(): void {
  void thread?.worker.terminate();
  thread?.port.close();
  thread = undefined;
}

/** emitKubernetes, on the started thread when there is one. */
export function kubernetesFiles(spec: ResolvedModelSpec, plan: Plan, header: string): FileMap {
  const t = thread;
  if (!t || Atomics.load(t.signal, FAILED)) return emitKubernetes(spec, plan, header);
  const seen = Atomics.load(t.signal, REPLIES);
  t.port.postMessage({ spec, plan, header } satisfies KubernetesRequest);
  const deadline = Date.now() + ANSWER_TIMEOUT_MS;
  for (;;) {
    const reply = receiveMessageOnPort(t.port)?.message as { files: FileMap } | { error: string } | undefined;
    if (reply) {
      if ('error' in reply) throw new Error(reply.error);
      return reply.files;
    }
    if (Atomics.load(t.signal, FAILED)) {
      stopKubernetesThread();
      return emitKubernetes(spec, plan, header);
    }
    if (Date.now() > deadline) throw new Error(`the Kubernetes manifest thread did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`);
    Atomics.wait(t.signal, REPLIES, seen, 100);
  }
}
