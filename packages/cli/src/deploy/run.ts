import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import pc from 'picocolors';
import { CliError } from '../cli-error.js';
import { pinManifests, readCompiledManifests } from './manifests.js';
import { formatArgv } from './packages.js';
import { entryReference, localEntryBytes, localKey, orasFlags, remoteFromEnv, repositoryNamesHostPaths } from './remote.js';
import { artifactTag, deploySteps, missing, pinnedDir, type DeployFacts } from './steps.js';
import { onPath, run } from './tools.js';
import { findRoot } from '../repo.js';

export interface DeployFlags {
  dryRun?: boolean;
  stateDir?: string;
  root?: string;
}

const print = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

export function facts(model: string, flags: DeployFlags): DeployFacts {
  const root = findRoot(flags.root);
  const manifests = readCompiledManifests(root, model);
  const stateDir = resolve(flags.stateDir ?? join(root, 'models', model, '.trtforge'));
  const env = process.env;
  const kubectl = onPath('kubectl', env) !== undefined;
  const context = kubectl ? run(['kubectl', 'config', 'current-context'], env) : undefined;
  const { remote, problem } = remoteFromEnv(env);
  return {
    model, manifests, stateDir, stateDirShown: relative(root, stateDir) || '.',
    ...(remote ? { remote } : {}),
    ...(problem ? { remoteProblem: problem } : {}),
    repoNamesHostPaths: repositoryNamesHostPaths(stateDir),
    keys: Object.fromEntries(manifests.artifacts.map((a) => [a.step, localKey(stateDir, a.step)])),
    tools: { kubectl, oras: onPath('oras', env) !== undefined },
    ...(context && context.code === 0 && context.stdout.trim() ? { context: context.stdout.trim() } : {}),
  };
}

export function deploy(model: string, flags: DeployFlags): void {
  const f = facts(model, flags);
  const steps = deploySteps(f);
  const lacks = missing(f);
  if (flags.dryRun) {
    print(pc.bold(`trtforge deploy ${model} --dry-run: the steps, in order (nothing is changed)`));
    steps.forEach((s, i) => {
      print(`${pc.dim(`# ${i + 1}. ${s.what}`)}`);
      if (s.argv) print(formatArgv(s.argv));
    });
    sizeNote(f);
    print();
  }
  if (lacks.length) {
    print(pc.bold(`What this host lacks to deploy ${model}:`));
    for (const m of lacks) print(`  ${pc.red('✗')} ${m.what}\n    ${pc.dim('fix:')} ${m.fix}`);
    if (flags.dryRun) {
      print(pc.dim('(the dry run stops here; `trtforge deploy` would refuse until these are fixed)'));
      return;
    }
    throw new CliError(`cannot deploy ${model}: ${lacks.length} thing${lacks.length === 1 ? '' : 's'} missing (above)`);
  }
  if (flags.dryRun) {
    print(`${pc.green('✓')} this host has what deploy needs (kubectl context ${f.context}); run \`trtforge deploy ${model}\``);
    return;
  }
  execute(f, steps);
}

/** The engine's size next to what each pod requests: kubernetes.memory must hold a pod's share while it loads. */
function sizeNote(f: DeployFacts): void {
  const bytes = localEntryBytes(f.stateDir, 'build');
  const memory = /^ +memory: (\S+)$/m.exec(Object.values(f.manifests.files).join('\n'))?.[1];
  if (bytes === undefined || !memory) return;
  const pods = /^ +size: (\d+)$/m.exec(f.manifests.files['leaderworkerset.yaml'] ?? '')?.[1] ?? '1';
  const gib = (bytes / 1024 ** 3).toFixed(1);
  print(pc.dim(`# the engine is ${gib} GiB (${f.stateDirShown}/build.manifest.json), in ${pods} pod${pods === '1' ? '' : 's'} per copy; each pod requests ${memory} of memory (kubernetes.memory), which must hold what it loads plus /dev/shm`));
}

/** Resolves the digests, writes the pinned manifests, applies them and waits, each step printed first. */
function execute(f: DeployFacts, steps: ReturnType<typeof deploySteps>): void {
  const env = process.env;
  const pinned = new Map<string, string>();
  for (const a of f.manifests.artifacts) {
    const tag = artifactTag(f, a.step);
    const argv = ['oras', 'resolve', ...orasFlags(f.remote), tag];
    print(pc.dim(`$ ${formatArgv(argv)}`));
    const r = run(argv, env);
    const digest = r.stdout.trim();
    if (r.code !== 0 || !/^sha256:[0-9a-f]{64}$/.test(digest)) {
      throw new CliError(`the ${a.step} artifact ${tag} is not in the registry (${(r.stderr || r.stdout).trim().split('\n')[0] || `oras exited ${r.code}`}); push it with \`trtforge cache push ${f.model}\``);
    }
    pinned.set(a.reference, entryReference(f.remote!, a.step, f.keys[a.step]!, digest));
  }
  const files = pinManifests(f.manifests.files, pinned);
  const dir = pinnedDir(f.stateDir);
  const temp = `${dir}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(temp, file), text);
  mkdirSync(dirname(dir), { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(temp, dir);
  print(`${pc.green('✓')} pinned manifests in ${relative(process.cwd(), dir) || dir}`);
  for (const s of steps) {
    if (!s.runs || !s.argv || s.argv[0] !== 'kubectl') continue;
    // The printed apply line is repository-relative; run it with the absolute directory.
    const argv = s.argv.map((a) => (a === pinnedDir(f.stateDirShown) ? dir : a));
    print(pc.dim(`$ ${formatArgv(s.argv)}`));
    const r = run(argv, env);
    if (r.stdout.trim()) print(r.stdout.trimEnd());
    if (r.code !== 0) throw new CliError(`${s.what}: \`${formatArgv(s.argv)}\` exited ${r.code}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n')[0]}` : ''}`);
  }
  print(`${pc.green('✓')} deployed ${f.model}`);
}
