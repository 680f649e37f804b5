import { join, relative } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Plan } from '@trtforge/spec';
import { moduleCodeCacheDir } from '../../load/cache-dir.js';
import type { ResolvedModelSpec } from '../../resolve/resolved.js';
import type { FileMap } from '../file-map.js';
import { emitKubernetes } from './index.js';
import { emitKubernetesTracked, KubernetesMemo, type TrackedManifests } from './kube-memo.js';

/**
 * Kubernetes manifests for a CLI compile. Loading cdk8s and its 3.4 MB of typed Kubernetes objects
 * is the largest part of compiling one spec (~0.2 s), so a compile started here
 *  - reuses the manifests of the spec's last compile while nothing they were made from changed
 *    (kube-memo.ts: no cdk8s at all), and
 *  - otherwise gets them from a second thread, started with the compile, that loads cdk8s on the
 *    other core while this one reads, validates, lints and emits the rest; synth() asks it
 *    synchronously (the thread runs the very same emitKubernetes, so the bytes are the same).
 * Without a started session (a library caller, the tests), or when the thread could not start,
 * the manifests are emitted here, as before.
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

// The CLI starts the thread before it loads the compiler's stages, with the cache directory its compile then uses.
export { defaultCacheDir } from '../../load/cache-dir.js';

interface Thread {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
}
let session: { memo?: KubernetesMemo; thread?: Thread } | undefined;

/**
 * Starts the session (once) for a compile of `specFiles` in the repository at `root` whose caches
 * live in `cacheDir` (none: no memo, no code cache): the manifests' memo and the thread's compiled
 * modules are kept there. The thread is started
 * only when some spec has no memo entry yet (one that has is likely reused: the thread would load
 * cdk8s for nothing, taking the other core from whatever else runs), and not when running from
 * TypeScript sources (tests: there is no built worker to start).
 */
export function startKubernetesThread(root: string, specFiles: readonly string[], cacheDir: string | undefined): void {
  if (session) return;
  const memo = cacheDir ? new KubernetesMemo(join(cacheDir, 'k8s')) : undefined;
  session = { ...(memo ? { memo } : {}) };
  if (import.meta.url.endsWith('.ts') || (memo && specFiles.every((f) => memo.has(specPathOf(root, f))))) return;
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const entry = new URL('./kube-worker.js', import.meta.url).href;
  // A bootstrap that flags a worker module that fails to load: this thread may be blocked waiting, deaf to 'error' events.
  const bootstrap = `const { workerData: w } = require('node:worker_threads');
import(w.entry).catch(() => { Atomics.store(w.signal, ${FAILED}, 1); Atomics.notify(w.signal, ${REPLIES}); });`;
  try {
    const worker = new Worker(bootstrap, { eval: true, workerData: { entry, port: port2, signal, codeCacheDir: cacheDir && moduleCodeCacheDir(cacheDir) }, transferList: [port2] });
    worker.unref();
    worker.on('error', () => Atomics.store(signal, FAILED, 1));
    session.thread = { worker, port: port1, signal };
  } catch { /* no thread: emitted here */ }
}

/** Ends the session (the compile is done); the next compile starts another. */
export function stopKubernetesThread(): void {
  const thread = session?.thread;
  void thread?.worker.terminate();
  thread?.port.close();
  session = undefined;
}

/** A spec file as synth names it: repository-relative, with forward slashes. */
export function specPathOf(root: string, file: string): string {
  return relative(root, file).split('\\').join('/');
}

/** emitKubernetes for the spec at `specPath` — from the memo or the thread when a session is started. */
export function kubernetesFiles(specPath: string, spec: ResolvedModelSpec, plan: Plan, header: string): FileMap {
  if (!session) return emitKubernetes(spec, plan, header);
  const reused = session.memo?.get(specPath, spec, plan, header);
  if (reused) return reused;
  const tracked = askThread(session.thread, { spec, plan, header }) ?? emitKubernetesTracked(spec, plan, header);
  session.memo?.set(specPath, tracked);
  return tracked.files;
}

/** The thread's answer, or undefined when there is no thread or it could not load. */
function askThread(t: Thread | undefined, request: KubernetesRequest): TrackedManifests | undefined {
  if (!t || Atomics.load(t.signal, FAILED)) return undefined;
  const seen = Atomics.load(t.signal, REPLIES);
  t.port.postMessage(request);
  const deadline = Date.now() + ANSWER_TIMEOUT_MS;
  for (;;) {
    const reply = receiveMessageOnPort(t.port)?.message as TrackedManifests | { error: string } | undefined;
    if (reply) {
      if ('error' in reply) throw new Error(reply.error);
      return reply;
    }
    if (Atomics.load(t.signal, FAILED)) return undefined;
    if (Date.now() > deadline) throw new Error(`the Kubernetes manifest thread did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`);
    Atomics.wait(t.signal, REPLIES, seen, 100);
  }
}
