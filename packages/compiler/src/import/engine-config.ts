import type { BackendData } from '../backend/backend-data.js';
import { readEngineQuantization } from './engine-quantization.js';
import { coerce } from './spec-schema.js';
import { isPlainObject } from '../object-path.js';

type Json = Record<string, unknown>;

/**
 * An engine's config.json → the spec's build fields, through the release's trtllm-build flag
 * table read in reverse (`--max_batch_size` ↔ build_config.max_batch_size, plugins under
 * build_config.plugin_config), the checkpoint mapping (tp, pp) and its precision (`modelOpt`: the
 * ModelOpt marker file of source.modelDir, when there is one). What has no flag in the table, or a
 * value the spec cannot hold, is listed.
 */
export function readEngineConfig(config: unknown, backend: BackendData, modelOpt?: unknown): { fields: Array<[string, unknown]>; unexpressed: string[] } {
  const fields: Array<[string, unknown]> = [];
  const unexpressed: string[] = [];
  if (!isPlainObject(config) || !isPlainObject(config.build_config)) {
    return { fields, unexpressed: ['engine config.json has no build_config: the engine\'s build settings were not read'] };
  }
  const build = config.build_config;
  const plugins = isPlainObject(build.plugin_config) ? build.plugin_config : {};
  const byKey = new Map<string, string>();
  for (const [path, spec] of Object.entries(backend.buildFlags.options)) byKey.set(spec.flag.replace(/^--/, ''), path);
  const read = (key: string, value: unknown, where: string) => {
    const path = byKey.get(key);
    if (!path) return;
    const v = coerce(path, value);
    if (v === undefined) unexpressed.push(`engine ${where}${key} = ${JSON.stringify(value)}: ${path} cannot hold it`);
    else fields.push([path, v]);
  };
  for (const [k, v] of Object.entries(build)) if (k !== 'plugin_config' && (typeof v !== 'object' || v === null)) read(k, v, 'build_config.');
  for (const [k, v] of Object.entries(plugins)) read(k, v, 'build_config.plugin_config.');
  const mapping = isPlainObject(config.pretrained_config) && isPlainObject(config.pretrained_config.mapping) ? config.pretrained_config.mapping : {};
  if (typeof mapping.tp_size === 'number' && mapping.tp_size > 1) fields.push(['parallelism.tp', mapping.tp_size]);
  if (typeof mapping.pp_size === 'number' && mapping.pp_size > 1) fields.push(['parallelism.pp', mapping.pp_size]);
  // The engine's precision: the checkpoint's quantization, carried into config.json by trtllm-build.
  const precision = readEngineQuantization(config.pretrained_config, backend.version, modelOpt);
  fields.push(...precision.fields);
  unexpressed.push(...precision.unexpressed);
  const known = new Set([...byKey.keys(), 'plugin_config']);
  const rest = [...Object.keys(build), ...Object.keys(plugins)].filter((k) => !known.has(k));
  if (rest.length > 0) unexpressed.push(`engine build_config keys with no trtllm-build flag in trtforge's v${backend.version} table (the rebuilt engine takes trtllm-build's defaults for them): ${rest.sort().join(', ')}`);
  return { fields, unexpressed };
}
