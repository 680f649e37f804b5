// Test helper: what a later run could trust after an interrupted or concurrent one.
//
// The oracle is the layout TensorRT-LLM 0.17 itself writes and reads, not the runner's own
// validators: convert_checkpoint.py writes config.json (with `mapping`: world_size = tp_size ×
// pp_size) and one rank<N>.safetensors per rank; trtllm-build reads exactly those and writes
// config.json (the checkpoint config under `pretrained_config`) and one rank<N>.engine per rank,
// which the backend loads by rank. See ../shared/reference/trtllm-0.17 (convert_checkpoint --tp_size /
// --pp_size, trtllm-build --checkpoint_dir / --output_dir) and the stand-ins that imitate them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest } from '@trtforge/runner';

type Step = 'convert' | 'build';
type Mapping = { world_size?: unknown; tp_size?: unknown; pp_size?: unknown };

/** A safetensors file: 8-byte little-endian header length, a JSON header, the tensor bytes it announces. */
function safetensorsProblem(path: string): string | undefined {
  const bytes = readFileSync(path);
  if (bytes.length < 8) return 'shorter than a safetensors header';
  const headerLength = Number(bytes.readBigUInt64LE(0));
  if (8 + headerLength > bytes.length) return `header length ${headerLength} runs past the end of the file`;
  let header: Record<string, { data_offsets?: [number, number] }>;
  try {
    header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as typeof header;
  } catch {
    return 'header is not JSON';
  }
  const end = Math.max(0, ...Object.entries(header).filter(([k]) => k !== '__metadata__').map(([, t]) => t.data_offsets?.[1] ?? 0));
  return 8 + headerLength + end > bytes.length ? 'tensor data is truncated' : undefined;
}

/** Problems of a checkpoint (convert) or engine (build) directory for a run of `worldSize` ranks. */
export function layoutProblems(step: Step, out: string, worldSize: number): string[] {
  const problems: string[] = [];
  let config: { mapping?: Mapping; pretrained_config?: { mapping?: Mapping } };
  try {
    config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as typeof config;
  } catch {
    return ['config.json is missing or not JSON'];
  }
  const mapping = step === 'convert' ? config.mapping : config.pretrained_config?.mapping;
  if (!mapping) problems.push(`config.json has no ${step === 'convert' ? 'mapping' : 'pretrained_config.mapping'}`);
  else {
    if (mapping.world_size !== worldSize) problems.push(`config.json mapping.world_size is ${String(mapping.world_size)}, the run has ${worldSize} ranks`);
    if (Number(mapping.tp_size) * Number(mapping.pp_size) !== mapping.world_size) problems.push(`config.json mapping: tp_size ${String(mapping.tp_size)} × pp_size ${String(mapping.pp_size)} ≠ world_size ${String(mapping.world_size)}`);
  }
  const ext = step === 'convert' ? 'safetensors' : 'engine';
  for (let rank = 0; rank < worldSize; rank++) {
    const file = join(out, `rank${rank}.${ext}`);
    if (!existsSync(file) || !statSync(file).isFile()) problems.push(`rank${rank}.${ext} is missing`);
    else if (statSync(file).size === 0) problems.push(`rank${rank}.${ext} is empty`);
    else if (ext === 'safetensors') {
      const problem = safetensorsProblem(file);
      if (problem) problems.push(`rank${rank}.safetensors: ${problem}`);
    }
  }
  for (const name of readdirSync(out)) {
    const rank = new RegExp(`^rank(\\d+)\\.${ext}$`).exec(name);
    if (rank && Number(rank[1]) >= worldSize) problems.push(`${name} is beyond world size ${worldSize}`);
  }
  return problems;
}

/**
 * Every store entry is complete for `worldSize` ranks and named by its own key, no temp dir or
 * lock is left behind, and every manifest points at such an entry. Returns the problems found
 * (empty = trustworthy).
 */
export async function untrustworthy(storeRoot: string, stateDir: string, worldSize = 1): Promise<string[]> {
  const problems: string[] = [];
  const list = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);
  for (const name of list(join(storeRoot, 'tmp'))) problems.push(`temp dir left: tmp/${name}`);
  for (const name of list(join(storeRoot, 'locks'))) if (name.endsWith('.lock')) problems.push(`lock left: locks/${name}`);
  for (const step of ['convert', 'build'] as const) {
    const complete = new Set<string>();
    for (const key of list(join(storeRoot, 'entries', step))) {
      const entry = join(storeRoot, 'entries', step, key);
      const meta = JSON.parse(readFileSync(join(entry, 'entry.json'), 'utf8')) as { key: string };
      if (meta.key !== key) problems.push(`${step}/${key}: entry.json names ${meta.key}`);
      const found = layoutProblems(step, join(entry, 'out'), worldSize);
      problems.push(...found.map((p) => `${step}/${key}: ${p}`));
      if (found.length === 0) complete.add(key);
    }
    const manifest = await readManifest(stateDir, step);
    if (manifest && !complete.has(manifest.key)) problems.push(`${step} manifest points at a missing or incomplete entry ${manifest.key}`);
  }
  return problems;
}

/** Stand-in processes recorded in a trace file that are still alive. */
export function liveTracedProcesses(traceFile: string): number[] {
  if (!existsSync(traceFile)) return [];
  const pids = readFileSync(traceFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => Number(l.split(' ')[1]));
  return pids.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
}
