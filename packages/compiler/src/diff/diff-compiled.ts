import type { Plan } from '@trtforge/spec';
import { loadBackendData } from '../backend/backend-data.js';
import type { FileMap } from '../emit/file-map.js';
import { effectiveParameters } from '../emit/effective-parameters.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';
import { diffCommands, type CommandDiff } from './command-diff.js';
import { diffConfigs, type ConfigDiff } from './config-diff.js';
import { stepInputs } from './step-inputs.js';
import { stepVerdicts, type StepVerdict } from './rerun.js';

/** One side of a comparison: a compiled spec (its files and resolved spec), or nothing when the model does not exist there. */
export interface CompiledSide {
  files: FileMap;
  resolved: ResolvedModelSpec;
}

/** An effective runtime parameter of tensorrt_llm that moves: its value and where each side's value comes from. */
export interface EffectiveChange {
  param: string;
  before?: { value: string; origin: string };
  after?: { value: string; origin: string };
}

export interface ModelDiff {
  name: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** tensorrtllm_backend release on each side (a release upgrade moves defaults). */
  backend: { before?: string; after?: string };
  configs: ConfigDiff[];
  commands: CommandDiff[];
  effective: EffectiveChange[];
  steps: StepVerdict[];
}

function effective(side: CompiledSide | undefined): Map<string, { value: string; origin: string }> {
  if (!side) return new Map();
  const backend = loadBackendData(side.resolved.runtime.backendVersion);
  return new Map(effectiveParameters(side.resolved, backend).map((p) => [p.param, { value: p.value, origin: p.origin }]));
}

function diffEffective(before: CompiledSide | undefined, after: CompiledSide | undefined): EffectiveChange[] {
  const b = effective(before);
  const a = effective(after);
  const changes: EffectiveChange[] = [];
  for (const param of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const x = b.get(param);
    const y = a.get(param);
    if (x?.value === y?.value && x?.origin === y?.origin) continue;
    changes.push({ param, ...(x ? { before: x } : {}), ...(y ? { after: y } : {}) });
  }
  return changes;
}

const planOf = (side: CompiledSide | undefined): Plan | undefined => (side ? (JSON.parse(side.files['plan.json']!) as Plan) : undefined);

/**
 * What a change to one spec does, semantically: each config.pbtxt field by field, each command
 * line flag by flag, the effective runtime parameters (backend defaults included), and which
 * runner steps re-run and why. Pure: two compiled sides in, data out (the CLI renders it).
 */
export function diffCompiled(name: string, before: CompiledSide | undefined, after: CompiledSide | undefined): ModelDiff {
  const [pb, pa] = [planOf(before), planOf(after)];
  const configs = diffConfigs(before?.files, after?.files);
  const commands = diffCommands(pb, pa);
  const effectiveChanges = diffEffective(before, after);
  const steps = stepVerdicts(pb && before ? stepInputs(pb, before.files) : undefined, pa && after ? stepInputs(pa, after.files) : undefined);
  const status = !before ? 'added' : !after ? 'removed'
    : configs.length + commands.length + effectiveChanges.length === 0 && steps.every((s) => s.verdict === 'reused' || s.verdict === 'not used') ? 'unchanged' : 'changed';
  return {
    name,
    status,
    backend: { ...(before ? { before: before.resolved.runtime.backendVersion } : {}), ...(after ? { after: after.resolved.runtime.backendVersion } : {}) },
    configs,
    commands,
    effective: effectiveChanges,
    steps,
  };
}
