import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactStep } from '@trtforge/compiler';
import { CliError } from '../cli-error.js';
import { unpinnedReferences } from './packages.js';

/** One top-level object of generated/<name>/k8s/ (read from trtforge's own, stable cdk8s output). */
export interface ManifestObject {
  file: string;
  kind: string;
  name: string;
  namespace: string;
}

export interface CompiledManifests {
  dir: string;
  files: Record<string, string>;
  objects: ManifestObject[];
  /** The artifacts the pods pull, each by its placeholder reference. */
  artifacts: Array<{ step: ArtifactStep; reference: string }>;
}

/** generated/<name>/k8s/*.yaml, or a one-line error saying to compile. */
export function readCompiledManifests(root: string, model: string): CompiledManifests {
  const dir = join(root, 'generated', model, 'k8s');
  if (!existsSync(dir)) {
    throw new CliError(`generated/${model}/k8s/ does not exist: run \`trtforge compile ${model}\` (the spec's serve mode must be "triton" or "trtllm-serve")`);
  }
  const files = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  const objects = Object.entries(files).flatMap(([file, text]) => text.split(/^---$/m).map((doc) => ({
    file,
    kind: /^kind: (\S+)$/m.exec(doc)?.[1] ?? '',
    name: /^ {2}name: (\S+)$/m.exec(doc)?.[1] ?? '',
    namespace: /^ {2}namespace: (\S+)$/m.exec(doc)?.[1] ?? 'default',
  }))).filter((o) => o.kind !== '');
  const seen = new Map<string, ArtifactStep>();
  for (const text of Object.values(files)) for (const a of unpinnedReferences(text)) seen.set(a.reference, a.step);
  return { dir, files, objects, artifacts: [...seen].map(([reference, step]) => ({ reference, step })) };
}

/** The manifests with every placeholder replaced by its pinned `registry/repository@sha256:…` reference. */
export function pinManifests(files: Record<string, string>, pinned: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([file, text]) => {
    let out = text;
    for (const [placeholder, reference] of pinned) out = out.split(placeholder).join(reference);
    const left = unpinnedReferences(out);
    if (left.length) throw new CliError(`${file}: no digest for ${left.map((a) => a.reference).join(', ')}`);
    return [file, out];
  }));
}
