import { parsePbtxt, PbtxtError, type PlainMessage } from '@trtforge/pbtxt';
import { parameterSemantics } from '../backend/semantics.js';
import type { FileMap } from '../emit/file-map.js';
import { diffLeaves, flattenLeaves, type ValueChange } from './flatten.js';

/** What changes in one Triton model's config.pbtxt, field by field (read through the pbtxt reader, not as text). */
export interface ConfigDiff {
  /** The Triton model (folder) name: `tensorrt_llm`, `ensemble`, … */
  model: string;
  file: string;
  status: 'added' | 'removed' | 'changed';
  changes: ValueChange[];
}

const CONFIG = /(?:^|\/)([^/]+)\/config\.pbtxt$/;

/**
 * A config's fields as dotted leaves. `parameters { key: "x" value: { string_value: "v" } }`
 * becomes `parameters.x = v`: the parameter map is what reviewers read, one row per key.
 */
export function configLeaves(message: PlainMessage, boolParameters: ReadonlySet<string> = new Set()): Map<string, string> {
  const { parameters, ...rest } = message as Record<string, unknown>;
  const leaves = flattenLeaves(rest);
  for (const [key, value] of Object.entries((parameters ?? {}) as Record<string, { string_value?: string }>)) {
    const text = value?.string_value ?? '';
    // Every reader of a bool parameter takes true/True/TRUE (and false/False/FALSE) alike (parameter-semantics.json boolSyntax).
    leaves.set(`parameters.${key}`, boolParameters.has(key) && /^(true|false)$/i.test(text) ? text.toLowerCase() : text);
  }
  return leaves;
}

/** The parameters a release's backend reads as booleans (parameter-semantics.json `type: bool`). */
export function boolParameters(version: string): Set<string> {
  return new Set(Object.entries(parameterSemantics(version)).filter(([, s]) => (s as { type?: string }).type === 'bool').map(([k]) => k));
}

/** Parses a config.pbtxt; a file that does not parse is reported as one leaf carrying the reader's error. */
export function readConfigLeaves(text: string, source: string): Map<string, string> {
  try {
    return configLeaves(parsePbtxt(text, { source }));
  } catch (err) {
    if (err instanceof PbtxtError) return new Map([['(unparseable)', err.message.split('\n')[0]!]]);
    throw err;
  }
}

/** The config.pbtxt files of two file maps (either side may be absent), compared field by field. */
export function diffConfigs(before: FileMap | undefined, after: FileMap | undefined): ConfigDiff[] {
  const configs = (files: FileMap | undefined) => Object.keys(files ?? {}).filter((f) => CONFIG.test(f));
  const diffs: ConfigDiff[] = [];
  for (const file of [...new Set([...configs(before), ...configs(after)])].sort()) {
    const model = CONFIG.exec(file)![1]!;
    const b = before?.[file];
    const a = after?.[file];
    if (b === a) continue;
    const changes = diffLeaves(b === undefined ? new Map() : readConfigLeaves(b, file), a === undefined ? new Map() : readConfigLeaves(a, file));
    const status = b === undefined ? 'added' : a === undefined ? 'removed' : 'changed';
    if (status === 'changed' && changes.length === 0) continue; // formatting only: semantically the same
    diffs.push({ model, file, status, changes });
  }
  return diffs;
}
