import type { Plan, PlanStep } from '@trtforge/spec';
import { diffLeaves, type ValueChange } from './flatten.js';

/** What changes in one process the plan starts (a command line, its image and environment). */
export interface CommandDiff {
  /** `convert`, `build`, `serve.triton`, `bench.openai`, … */
  command: string;
  status: 'added' | 'removed' | 'changed';
  changes: ValueChange[];
}

/**
 * An argv as named leaves: `--flag value` and `--flag=value` become `--flag` → value, a bare
 * `--flag` → `(set)`, positional arguments `#<n>` (their position among the positionals). A
 * repeated flag keeps every value, in order. Flags then compare by name, not by position.
 */
export function argvLeaves(argv: readonly string[]): Map<string, string> {
  // mpirun's MPMD form (`mpirun -n 1 cmd … : -n 1 cmd …`): each rank's command line is its own section.
  const cuts = argv.flatMap((t, i) => (t === ':' ? [i] : []));
  if (argv[0] === 'mpirun' && cuts.length > 0) {
    const leaves = new Map<string, string>([['program', 'mpirun']]);
    const sections = [argv.slice(1, cuts[0]), ...cuts.map((c, k) => argv.slice(c + 1, cuts[k + 1]))];
    sections.filter((s) => s.length > 0).forEach((section, rank) => {
      const programAt = section.findIndex((t, i) => i > 0 && !t.startsWith('-') && !section[i - 1]!.startsWith('-'));
      const mpi = programAt > 0 ? section.slice(0, programAt) : [];
      for (const [k, v] of argvLeaves(['mpirun', ...mpi])) if (k !== 'program') leaves.set(`rank ${rank} mpirun ${k}`, v);
      for (const [k, v] of argvLeaves(programAt >= 0 ? section.slice(programAt) : section)) leaves.set(`rank ${rank} ${k}`, v);
    });
    return leaves;
  }
  const leaves = new Map<string, string>();
  const add = (key: string, value: string) => leaves.set(key, leaves.has(key) ? `${leaves.get(key)!} ${value}` : value);
  let positional = 0;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (i === 0) { add('program', token); continue; }
    if (token.startsWith('-') && !/^-\d/.test(token)) {
      const eq = token.indexOf('=');
      if (eq > 0) add(token.slice(0, eq), token.slice(eq + 1));
      else if (i + 1 < argv.length && !(argv[i + 1]!.startsWith('-') && !/^-\d/.test(argv[i + 1]!))) add(token, argv[++i]!);
      else add(token, '(set)');
    } else {
      add(`#${++positional}`, token);
    }
  }
  return leaves;
}

/** A process's reviewable inputs: argv (by flag), image, env, passed-through names, GPUs. */
export function stepLeaves(step: PlanStep): Map<string, string> {
  const leaves = new Map<string, string>();
  for (const [k, v] of argvLeaves(step.argv)) leaves.set(`argv ${k}`, v);
  leaves.set('image', step.image);
  for (const [k, v] of Object.entries(step.env)) leaves.set(`env ${k}`, v);
  if (step.passEnv.length > 0) leaves.set('passEnv', [...step.passEnv].sort().join(' '));
  leaves.set('gpus', step.gpus === 'none' ? 'none' : step.gpus.join(','));
  return leaves;
}

/** Every process of a plan by name: convert, build, serve.<mode>, bench.<mode>. */
export function planCommands(plan: Plan | undefined): Map<string, PlanStep> {
  const steps = new Map<string, PlanStep>();
  if (!plan) return steps;
  for (const [name, step] of Object.entries(plan.steps)) steps.set(name, step);
  for (const [mode, step] of Object.entries(plan.serve.modes)) steps.set(`serve.${mode}`, step);
  for (const [mode, step] of Object.entries(plan.bench ?? {})) if (step) steps.set(`bench.${mode}`, step);
  return steps;
}

/** Command lines of two plans (either side may be absent), flag by flag. */
export function diffCommands(before: Plan | undefined, after: Plan | undefined): CommandDiff[] {
  const b = planCommands(before);
  const a = planCommands(after);
  const diffs: CommandDiff[] = [];
  for (const command of [...new Set([...b.keys(), ...a.keys()])]) {
    const sb = b.get(command);
    const sa = a.get(command);
    const changes = diffLeaves(sb ? stepLeaves(sb) : new Map(), sa ? stepLeaves(sa) : new Map());
    if (changes.length === 0) continue;
    diffs.push({ command, status: !sb ? 'added' : !sa ? 'removed' : 'changed', changes });
  }
  return diffs;
}
