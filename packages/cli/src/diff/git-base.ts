import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CliError } from '../cli-error.js';

function git(root: string, args: string[], input?: Buffer): { ok: boolean; stdout: Buffer; stderr: string } {
  const r = spawnSync('git', args, { cwd: root, input, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new CliError(`cannot run git (${r.error.message}): \`trtforge diff\` compares against a git ref`);
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr.toString().trim() };
}

/** The branch a pull request merges into: origin's HEAD when known, else a local main/master. */
function defaultBranch(root: string): string | undefined {
  const head = git(root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (head.ok && head.stdout.toString().trim()) return head.stdout.toString().trim();
  for (const name of ['origin/main', 'origin/master', 'main', 'master']) {
    if (git(root, ['rev-parse', '--verify', '--quiet', `${name}^{commit}`]).ok) return name;
  }
  return undefined;
}

export interface BaseRef {
  /** What the user named (or how the default was found). */
  label: string;
  commit: string;
}

/** `--base <ref>` as a commit, or the merge base of HEAD with the default branch. */
export function resolveBase(root: string, base: string | undefined): BaseRef {
  if (!git(root, ['rev-parse', '--git-dir']).ok) throw new CliError(`${root} is not in a git repository: \`trtforge diff\` compares against a git ref`);
  if (base) {
    const r = git(root, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]);
    if (!r.ok) throw new CliError(`--base ${base}: no such commit, branch or tag in this repository`);
    return { label: base, commit: r.stdout.toString().trim() };
  }
  const branch = defaultBranch(root);
  if (!branch) throw new CliError('no default branch found (no origin/HEAD, main or master); pass --base <git ref>');
  const r = git(root, ['merge-base', 'HEAD', branch]);
  if (!r.ok) throw new CliError(`no merge base of HEAD and ${branch}${r.stderr ? ` (${r.stderr})` : ''}; pass --base <git ref>`);
  return { label: `merge-base(HEAD, ${branch})`, commit: r.stdout.toString().trim() };
}

/** A model folder's files (model.ts, package.json, turbo.json, …) by path relative to it; state dirs left out. */
export type ModelFolder = Record<string, string>;

const IGNORED = new Set(['.trtforge', 'node_modules', '.turbo']);

function readFolder(dir: string, prefix = ''): ModelFolder {
  const files: ModelFolder = {};
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    if (IGNORED.has(e.name)) continue;
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(files, readFolder(dir, rel));
    else if (e.isFile()) files[rel] = readFileSync(join(dir, rel), 'utf8');
  }
  return files;
}

/** Every models/<name>/ that has a model.ts, read from a directory tree. */
export function readModels(root: string): Map<string, ModelFolder> {
  const models = new Map<string, ModelFolder>();
  const dir = join(root, 'models');
  if (!existsSync(dir)) return models;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && existsSync(join(dir, e.name, 'model.ts'))) models.set(e.name, readFolder(join(dir, e.name)));
  }
  return models;
}

/** The @trtforge/spec package this CLI runs with (dist/index.js → its package folder). */
function specPackageDir(): string {
  return dirname(dirname(createRequire(import.meta.url).resolve('@trtforge/spec')));
}

/**
 * The base side on disk, outside the repository: `git archive <commit> models/` unpacked into a
 * temp dir, with `node_modules/@trtforge/spec` linked to this checkout's so the base specs
 * type-check against the same spec API. The caller removes it (`dispose`).
 */
export function checkoutBaseModels(root: string, commit: string): { root: string; models: Map<string, ModelFolder>; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'trtforge-diff-base-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    const listed = git(root, ['ls-tree', '--name-only', commit, 'models/']);
    if (listed.ok && listed.stdout.toString().trim()) {
      const archive = git(root, ['archive', '--format=tar', commit, 'models']);
      if (!archive.ok) throw new CliError(`git archive ${commit.slice(0, 12)} models failed: ${archive.stderr}`);
      const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
      if (untar.status !== 0) throw new CliError(`cannot unpack the base models into ${dir}: ${untar.stderr?.toString().trim() || untar.error?.message}`);
    }
    const specLink = join(dir, 'node_modules', '@trtforge');
    mkdirSync(specLink, { recursive: true });
    symlinkSync(specPackageDir(), join(specLink, 'spec'), 'dir');
    return { root: dir, models: readModels(dir), dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}
