import { parsePbtxt, PbtxtError, type PlainMessage } from '@trtforge/pbtxt';
import { DEFAULTS, type ModelSpec } from '@trtforge/spec';
import { loadBackendData, MODEL_NAMES, supportedBackendVersions, type BackendData, type TritonModelName } from '../backend/backend-data.js';
import { boolParameters, configLeaves } from '../diff/config-diff.js';
import { diffLeaves } from '../diff/flatten.js';
import { isPlainObject, setPath, type Json } from '../object-path.js';
import { resolve } from '../resolve/resolve.js';
import { synth } from '../synth.js';
import { readEngineConfig } from './engine-config.js';
import { modelOptMarker, PRECISION_UNKNOWN, readCheckpointQuantization } from './engine-quantization.js';
import { readPlaceholders } from './read-placeholders.js';
import { coerce, schemaAt } from './spec-schema.js';

export interface ImportInput {
  name: string;
  /** The five config.pbtxt texts by Triton model name (a missing one is reported). */
  configs: Partial<Record<TritonModelName, string>>;
  /** The engine's config.json, parsed, when given. */
  engineConfig?: unknown;
  /** Where the HF weights are on the host; the repository cannot say. */
  modelDir?: string;
  /**
   * A file of `modelDir`, parsed as JSON, or undefined when there is none: import asks for the
   * release's ModelOpt marker (hf_quant_config.json), which says the weights are already quantized.
   */
  readModelDirFile?: (name: string) => unknown;
  /** The model family, when the caller could read it (`--model-dir`'s config.json); else the spec's default, listed. */
  family?: string;
  /** A release to read the templates of; default: the supported release that explains the configs best. */
  backendVersion?: string;
}

export interface ImportResult {
  spec: Record<string, unknown>;
  backendVersion: string;
  /** Every setting the spec could not express, one line each: never dropped in silence. */
  unexpressed: string[];
}

function deletePath(obj: Json, path: string): void {
  const keys = path.split('.');
  const parents: Json[] = [obj];
  for (const k of keys.slice(0, -1)) {
    const next = parents[parents.length - 1]![k];
    if (!isPlainObject(next)) return;
    parents.push(next);
  }
  delete parents[parents.length - 1]![keys[keys.length - 1]!];
  for (let i = keys.length - 2; i >= 0; i--) if (Object.keys(parents[i + 1]!).length === 0) delete parents[i]![keys[i]!];
}

function leafPaths(obj: unknown, prefix = ''): string[] {
  if (!isPlainObject(obj) || Object.keys(obj).length === 0) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v));

/**
 * fill_template.py leaves a parameter it was not given as its literal `${name}`; trtforge leaves it
 * out (emit/fill-template.ts): both mean "unset", so such entries do not count as a difference.
 */
function withoutUnfilled(leaves: Map<string, string>): Map<string, string> {
  return new Map([...leaves].filter(([path, value]) => !(path.startsWith('parameters.') && /^\$\{[_a-zA-Z][_a-zA-Z0-9]*\}$/.test(value))));
}

/** Compiles a candidate spec in memory and compares its five configs with the originals, field by field. */
function configDifferences(spec: Json, originals: Map<TritonModelName, PlainMessage>, bools: ReadonlySet<string>): string[] {
  let files: Record<string, string>;
  try {
    files = synth(resolve(structuredClone(spec) as unknown as ModelSpec), `models/${String(spec.name)}/model.ts`).files;
  } catch (err) {
    return [`the imported spec does not compile: ${(err as Error).message}`];
  }
  const out: string[] = [];
  for (const [model, original] of originals) {
    const compiled = withoutUnfilled(configLeaves(parsePbtxt(files[`triton_model_repo/${model}/config.pbtxt`]!), bools));
    for (const c of diffLeaves(withoutUnfilled(configLeaves(original, bools)), compiled)) {
      out.push(`${model}: ${c.path} is ${c.before === undefined ? '(unset)' : c.before} in the repository; the imported spec gives ${c.after === undefined ? '(unset)' : c.after}`);
    }
  }
  return out;
}

function importWith(input: ImportInput, backend: BackendData, originals: Map<TritonModelName, PlainMessage>, notes: string[]): ImportResult {
  const unexpressed = [...notes];
  const spec: Json = { name: input.name, source: { modelDir: input.modelDir ?? `/models/${input.name}` } };
  if (!input.modelDir) unexpressed.push(`source.modelDir: a model repository does not say where the Hugging Face weights are; set to /models/${input.name} — change it`);
  if (input.family !== undefined) (spec.source as Json).family = input.family;
  else unexpressed.push(`source.family: a model repository does not name the model family; ${DEFAULTS.source.family} (the spec's default) is assumed, and the runner refuses weights of another family before converting — pass --model-dir <hf dir> to read it from its config.json`);
  if (backend.version !== DEFAULTS.runtime.backendVersion) spec.runtime = { backendVersion: backend.version };

  // The placeholders each model's template leaves, as filled in this repository.
  const taken = new Map<string, Array<{ model: TritonModelName; value: unknown }>>();
  for (const [model, config] of originals) {
    const read = readPlaceholders(backend.templates[model], config);
    for (const [p, values] of read.values) for (const value of values) taken.set(p, [...(taken.get(p) ?? []), { model, value }]);
    for (const u of read.unexplained) unexpressed.push(`${model}: ${u.path} = ${show(u.value)} is not in the v${backend.version} template${u.template !== undefined ? ` (template: ${show(u.template)})` : ''}; no spec field writes it`);
  }
  const fromConfigs: string[] = [];
  for (const [p, uses] of [...taken].sort(([a], [b]) => a.localeCompare(b))) {
    const source = backend.parameters[p];
    if (!source) {
      unexpressed.push(`\${${p}} = ${show(uses[0]!.value)}: no spec field fills this placeholder`);
      continue;
    }
    const path = typeof source === 'string' ? source : source.path;
    // A placeholder the release fills from the spec in some models only (parameters.json `models`): the
    // others hold fill_template.py's default, which compiling the spec writes again (the round trip compares).
    const filledIn = typeof source === 'string' || !source.models ? undefined : source.models;
    const relevant = filledIn ? uses.filter((u) => (filledIn as readonly string[]).includes(u.model)) : uses;
    if (relevant.length === 0) continue;
    const distinct = [...new Set(relevant.map((u) => JSON.stringify(u.value)))];
    // One spec field per placeholder: the tensorrt_llm model's value wins when the models disagree.
    const chosen = relevant.find((u) => u.model === 'tensorrt_llm') ?? relevant[0]!;
    if (distinct.length > 1) unexpressed.push(`\${${p}} differs between models (${relevant.map((u) => `${u.model} ${show(u.value)}`).join(', ')}): ${path} takes ${chosen.model}'s`);
    const value = coerce(path, chosen.value);
    if (value === undefined) {
      unexpressed.push(`\${${p}} = ${show(chosen.value)}: ${schemaAt(path) ? `${path} cannot hold this value (see its JSDoc for the type and range)` : `${path} is not a spec field`}`);
      continue;
    }
    setPath(spec, path, value);
    fromConfigs.push(path);
  }

  const marker = modelOptMarker(backend.version);
  const modelOpt = marker !== undefined ? input.readModelDirFile?.(marker) : undefined;
  if (input.engineConfig !== undefined) {
    const engine = readEngineConfig(input.engineConfig, backend, modelOpt);
    for (const [path, value] of engine.fields) setPath(spec, path, value);
    unexpressed.push(...engine.unexpressed);
  } else {
    // No engine: an engine at least as large as Triton's batch keeps the spec valid (TRT105).
    const batch = (spec.triton as Json | undefined)?.maxBatchSize;
    if (typeof batch === 'number') setPath(spec, 'build.maxBatchSize', batch);
    unexpressed.push('build: no --engine given, so the engine\'s build settings (lengths, plugins, parallelism) are trtforge\'s defaults; pass --engine <engine dir> to read them from its config.json');
    const checkpoint = modelOpt !== undefined ? readCheckpointQuantization(modelOpt, backend.version) : undefined;
    for (const [path, value] of checkpoint?.fields ?? []) setPath(spec, path, value);
    if (checkpoint && (checkpoint.fields.length > 0 || checkpoint.unexpressed.length > 0)) unexpressed.push(...checkpoint.unexpressed);
    else unexpressed.push(`quantization: no --engine given, and a model repository does not record the engine's precision (quant_algo, kv_cache_quant_algo), so it is unknown; ${PRECISION_UNKNOWN} — pass --engine <engine dir> to read it from config.json's pretrained_config.quantization`);
  }

  // Leave out what the compiler derives anyway (a field whose removal changes no config).
  const bools = boolParameters(backend.version);
  const baseline = configDifferences(spec, originals, bools);
  for (const path of fromConfigs) {
    const trial = structuredClone(spec);
    deletePath(trial, path);
    if (configDifferences(trial, originals, bools).join('\n') === baseline.join('\n')) deletePath(spec, path);
  }
  return { spec, backendVersion: backend.version, unexpressed: [...unexpressed, ...configDifferences(spec, originals, bools)] };
}

/** `0.17.0.post1` and `0.17.0` are one release. */
const release = (v: string) => v.replace(/\.post\d+$/, '');

/**
 * The release whose TensorRT-LLM built the engine: its config.json `version` (tensorrt_llm's
 * __version__, written by trtllm-build) against versions.json. That release's templates and tool
 * tables describe it; undefined when the engine names none trtforge supports.
 */
function engineRelease(engineConfig: unknown): string[] | undefined {
  const version = isPlainObject(engineConfig) && typeof engineConfig.version === 'string' ? release(engineConfig.version) : undefined;
  if (version === undefined) return undefined;
  const match = supportedBackendVersions().filter((v) => release(loadBackendData(v as BackendData['version']).versions.tensorrtllm) === version);
  return match.length > 0 ? match : undefined;
}

/**
 * An existing filled inflight_batcher_llm repository (and optionally its engine's config.json)
 * → a spec whose compile reproduces its five configs. The template and parameter-map data the
 * emitter fills are read in reverse; the candidate is then compiled in memory and every field
 * that still differs is listed, so nothing is dropped in silence.
 */
export function importRepository(input: ImportInput): ImportResult {
  const notes: string[] = [];
  const originals = new Map<TritonModelName, PlainMessage>();
  for (const model of MODEL_NAMES) {
    const text = input.configs[model];
    if (text === undefined) {
      notes.push(`${model}/config.pbtxt is missing from the repository; trtforge writes all five`);
      continue;
    }
    try {
      originals.set(model, parsePbtxt(text, { source: `${model}/config.pbtxt` }));
    } catch (err) {
      if (err instanceof PbtxtError) throw new Error(`${model}/config.pbtxt: ${err.message.split('\n')[0]}`);
      throw err;
    }
  }
  const versions = input.backendVersion ? [input.backendVersion] : engineRelease(input.engineConfig) ?? supportedBackendVersions();
  const results = versions.map((v) => importWith(input, loadBackendData(v as BackendData['version']), originals, notes));
  return results.reduce((best, r) => (r.unexpressed.length < best.unexpressed.length ? r : best));
}
