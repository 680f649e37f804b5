import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Plan } from '@trtforge/spec';
import { codeFingerprint } from '../../code-fingerprint.js';
import { writeCacheFile } from '../../load/cache-file.js';
import type { ResolvedModelSpec } from '../../resolve/resolved.js';
import type { FileMap } from '../file-map.js';
import { factsHold, ReadRecorder, type Fact } from '../read-facts.js';
import { emitKubernetes } from './index.js';

/** Bumped when the entry layout changes. */
const FORMAT = 'trtforge-k8s-memo/1';

/** emitKubernetes' answer with what it read of its inputs (read-facts.ts); no facts when it could not be recorded. */
export interface TrackedManifests {
  files: FileMap;
  facts?: Fact[];
}

/** emitKubernetes, recording what it reads of spec, plan and header (run again untracked if a proxy got in its way). */
export function emitKubernetesTracked(spec: ResolvedModelSpec, plan: Plan, header: string): TrackedManifests {
  const recorder = new ReadRecorder();
  try {
    const files = emitKubernetes(recorder.track('spec', spec), recorder.track('plan', plan), recorder.track('header', header));
    return { files, facts: recorder.facts };
  } catch {
    return { files: emitKubernetes(spec, plan, header) };
  }
}

/**
 * The manifests of each spec's last compile, reused while every value emitKubernetes read of the
 * resolved spec and the plan is the same: an edit of the batch size, the KV cache or a plugin does
 * not change a manifest, and then cdk8s is not even loaded. Keyed by the compiler's code and data
 * ({@link codeFingerprint}) and the spec file; one entry per spec file.
 * Best effort: an unreadable or unwritable directory only costs emitting the manifests.
 */
export class KubernetesMemo {
  constructor(private readonly dir: string) {}

  /** Whether the spec at `specPath` (repository-relative) has an entry at all (cheap: no read). */
  has(specPath: string): boolean {
    return existsSync(this.path(specPath));
  }

  get(specPath: string, spec: ResolvedModelSpec, plan: Plan, header: string): FileMap | undefined {
    let entry: { facts: Fact[]; files: FileMap };
    try {
      entry = deserialize(readFileSync(this.path(specPath))) as typeof entry;
    } catch {
      return undefined;
    }
    return factsHold(entry.facts, { spec, plan, header }) ? entry.files : undefined;
  }

  set(specPath: string, tracked: TrackedManifests): void {
    const { facts, files } = tracked;
    if (facts) writeCacheFile(this.path(specPath), () => serialize({ facts, files }));
  }

  private path(specPath: string): string {
    return join(this.dir, `${createHash('sha256').update(JSON.stringify([FORMAT, codeFingerprint(), specPath])).digest('hex')}.bin`);
  }
}
