import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type ManifestStep = 'convert' | 'build' | 'repo';

/**
 * What `models/<name>/.trtforge/<step>.manifest.json` records: small enough for turbo to cache,
 * pointing at the store entry instead of containing it. It is a hint, never trusted on its own:
 * every run recomputes the key and checks the store. The previous key's components are kept so
 * a rebuild can say which input changed.
 */
export interface StepManifest {
  format: 1;
  model: string;
  step: ManifestStep;
  key: string;
  components: Record<string, unknown>;
  /** Store entry directory and its output directory (absolute host paths). */
  entry: string;
  output: string;
  /** Whether the run that wrote this manifest executed the step or reused the store entry. */
  status: 'built' | 'reused' | 'pulled';
  files: Array<{ path: string; bytes: number }>;
  previous: { key: string; components: Record<string, unknown> } | null;
  /** The entry's OCI reference by digest, when the run pulled or pushed it (TRTFORGE_REMOTE_CACHE): what a cluster pulls. */
  remote?: { reference: string; digest: string };
}

export function manifestPath(stateDir: string, step: ManifestStep): string {
  return join(stateDir, `${step}.manifest.json`);
}

export async function readManifest(stateDir: string, step: ManifestStep): Promise<StepManifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(manifestPath(stateDir, step), 'utf8')) as StepManifest;
    return manifest.format === 1 && typeof manifest.key === 'string' ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** The state dir is runtime output (manifests, links, logs): keep it out of git without touching the repo's .gitignore. */
export async function ensureStateDir(stateDir: string): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  const ignore = join(stateDir, '.gitignore');
  if (!existsSync(ignore)) await writeFile(ignore, '# written by trtforge: manifests, store links and logs of this model\n*\n');
}

async function replaceAtomically(path: string, write: (temp: string) => Promise<void>): Promise<void> {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await write(temp);
  await rename(temp, path);
}

export async function writeManifest(stateDir: string, manifest: StepManifest): Promise<void> {
  await ensureStateDir(stateDir);
  await replaceAtomically(manifestPath(stateDir, manifest.step), (temp) => writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`));
}

/** `.trtforge/<name>` → the store entry's output: a symlink, never a copy of GB-sized engines. */
export async function linkOutput(stateDir: string, name: string, target: string): Promise<string> {
  await ensureStateDir(stateDir);
  const link = join(stateDir, name);
  await replaceAtomically(link, (temp) => symlink(target, temp, 'dir'));
  return link;
}
