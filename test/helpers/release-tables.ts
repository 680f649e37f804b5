import { existsSync, readFileSync } from 'node:fs';
import { releaseToolTable } from '../stand-ins/lib/tables.mjs';
import { REFERENCE, ROOT } from './paths.js';

/**
 * The real option table each tool has in one tensorrtllm_backend release, for checking generated argv.
 * Which table that is comes from the release's data (packages/compiler/data), never from a version test:
 * - trtllm-build: the reference table under ../shared/reference whose source commit is the commit in the
 *   release's trtllm-build.json provenance (v0.16.0's parse_arguments, read at its own commit, over it);
 * - convert_checkpoint.<family> / quantize: the argparse table inside the release's data file;
 * - tritonserver / openai_frontend: the release's tensorrtllm_backend-<v>/<tool>.json (read at its Triton branch);
 * - trtllm-serve: the release's trtllm-<v>/trtllm-serve.json (own `options`, or `optionsFrom` a reference table);
 * - genai-perf: the reference table of the Triton release of the bench image (its SDK ships genai-perf).
 */
export type RefOption = { flag: string; type: string; choices: unknown[] | null; aliases?: string[]; nargs?: unknown };
export type Table = Map<string, RefOption>;

const DATA = `${ROOT}packages/compiler/data/`;
const json = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const byFlag = (options: RefOption[]): Table => new Map(options.flatMap((o) => [o.flag, ...(o.aliases ?? [])].map((n) => [n, o] as const)));

function buildTable(release: string): Table {
  const { provenance } = json<{ provenance: { commit: string } }>(`${DATA}trtllm-${release}/trtllm-build.json`);
  const reference = json<{ source: { commit: string }; options: RefOption[] }>(`${REFERENCE}trtllm-0.17/trtllm-build.json`);
  if (reference.source.commit === provenance.commit) return byFlag(reference.options);
  const partial = new URL(`../compile/fixtures/trtllm-build-${release}.parse-arguments.json`, import.meta.url);
  if (existsSync(partial)) {
    const own = json<{ provenance: { commit: string }; options: RefOption[] }>(partial.pathname);
    // Its own parse_arguments over the plugin options of the table the map's plugin entries were read from.
    if (own.provenance.commit === provenance.commit) return new Map([...byFlag(reference.options), ...byFlag(own.options)]);
  }
  throw new Error(`trtllm-build ${release}: no real option table at commit ${provenance.commit}`);
}

export function releaseTable(release: string, tool: string): Table {
  if (tool === 'trtllm-build') return buildTable(release);
  // The serving tools: the same release data file (own options or `optionsFrom`) the stand-ins play.
  if (tool === 'tritonserver' || tool === 'openai_frontend' || tool === 'trtllm-serve') return byFlag(releaseToolTable(tool, release).options as RefOption[]);
  if (tool === 'quantize') return byFlag(json<{ argparse: { options: RefOption[] } }>(`${DATA}trtllm-${release}/quantize.json`).argparse.options);
  const family = /^convert_checkpoint\.(\w+)$/.exec(tool)?.[1];
  if (family) return byFlag(json<{ argparse: RefOption[] }>(`${DATA}trtllm-${release}/convert_checkpoint.${family}.json`).argparse);
  throw new Error(`no release table kind for ${tool}`);
}

/** genai-perf's table for the bench image `nvcr.io/nvidia/tritonserver:<YY.MM>-py3-sdk`. */
export function genaiPerfTable(image: string): Table {
  const triton = /:(\d\d\.\d\d)-py3-sdk$/.exec(image)?.[1];
  const file = `${REFERENCE}triton-${triton}/genai-perf.json`;
  if (!triton || !existsSync(file)) throw new Error(`no genai-perf option table for bench image ${image}`);
  return byFlag(json<{ options: RefOption[] }>(file).options);
}

/**
 * Checks an argv against a table the way the tool's parser does as far as the table says: every
 * `--flag` (also `--flag=value`) is an option; a switch takes no value, anything else at least one;
 * int / float / choices hold. Returns the problems (empty when the tool accepts it).
 */
export function argvProblems(table: Table, argv: string[]): string[] {
  const pairs: Array<[string, string[]]> = [];
  for (const tok of argv) {
    if (tok.startsWith('--')) {
      const eq = tok.indexOf('=');
      pairs.push(eq > 0 ? [tok.slice(0, eq), [tok.slice(eq + 1)]] : [tok, []]);
    } else pairs.at(-1)?.[1].push(tok);
  }
  const problems: string[] = [];
  for (const [flag, values] of pairs) {
    const opt = table.get(flag);
    if (!opt) {
      problems.push(`${flag} is not an option`);
      continue;
    }
    const type = String(opt.type);
    if (type === 'flag' || type.startsWith('bool (store_true)')) {
      if (values.length > 0) problems.push(`${flag} takes no value, got ${values.join(' ')}`);
      continue;
    }
    if (values.length === 0) problems.push(`${flag} takes a value`);
    for (const v of values) {
      if (type === 'int' && !/^-?\d+$/.test(v)) problems.push(`${flag}: invalid int ${v}`);
      if (type === 'float' && !Number.isFinite(Number(v))) problems.push(`${flag}: invalid float ${v}`);
      if (type === 'bool' && !['true', 'false', '1', '0', 'on', 'off'].includes(v.toLowerCase())) problems.push(`${flag}: invalid bool ${v}`);
      if (Array.isArray(opt.choices) && !opt.choices.map(String).includes(v)) problems.push(`${flag}: ${v} is not one of ${opt.choices.join(', ')}`);
    }
  }
  return problems;
}

/** The argv of each tritonserver an `mpirun … : …` (or a bare tritonserver) command starts. */
export function tritonserverArgvs(argv: string[]): string[][] {
  if (argv[0] === 'tritonserver') return [argv.slice(1)];
  const out: string[][] = [];
  let current: string[] | undefined;
  for (const tok of argv) {
    if (tok === 'tritonserver') out.push((current = []));
    else if (tok === ':') current = undefined;
    else current?.push(tok);
  }
  return out;
}
