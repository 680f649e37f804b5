import { readdirSync, readFileSync } from 'node:fs';

/** One option of a converter's own argparse table (as NVIDIA's script declares it). */
export interface ArgparseOption {
  flag: string;
  /** str | int | float | enum | flag */
  type: string;
  choices: Array<string | number> | null;
  default: unknown;
  required: boolean;
  nargs?: string;
  const?: unknown;
  aliases?: string[];
}

/** Where a table was read: the tag, and the commit actually read (`exact: false` when they differ). */
export interface Provenance {
  repo: string;
  tag: string;
  tagCommit: string;
  path: string;
  commit: string;
  exact: boolean;
  note?: string;
}

/**
 * A family's `examples/<dir>/convert_checkpoint.py` at one release: how spec fields become its
 * flags, its real option table, the Hugging Face weights it takes and what its split requires.
 */
export interface ConvertTable {
  tool: string;
  /** Spec field → flag; the same shape as backend-data's FlagSpec (declared here so the two files do not import each other). */
  options: Record<string, { flag: string; kind: 'value' | 'flag' | 'enable-disable' | 'list'; keyed?: boolean; when?: string }>;
  family: string;
  script: string;
  version: string;
  provenance: Provenance;
  /** The flags every argv starts with (the names differ per family: --model_dir vs --model-dir). */
  fixed: { modelDir: string; outputDir: string; args: string[] };
  argparse: ArgparseOption[];
  weights: { modelTypes: string[]; architectures: string[]; source: string };
  sharding: {
    pipelineParallel: boolean;
    pipelineParallelWhy?: string;
    /** flag: --use_parallel_embedding decides; tp>1: always split when tp > 1; none: never split. */
    parallelEmbedding: 'flag' | 'tp>1' | 'none';
    parallelEmbeddingWhy?: string;
  };
}

const FILE = /^convert_checkpoint\.([a-z0-9_-]+)\.json$/;

/** Every family's converter table in a `trtllm-<version>` data directory, by family. */
export function loadConvertTables(dir: string): Record<string, ConvertTable> {
  const tables: Record<string, ConvertTable> = {};
  for (const name of readdirSync(dir).sort()) {
    const family = FILE.exec(name)?.[1];
    if (family) tables[family] = JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')) as ConvertTable;
  }
  return tables;
}

/** model_type / architecture → family, over every family a release converts. */
export function familyIndex(tables: Record<string, ConvertTable>): { modelTypes: Record<string, string>; architectures: Record<string, string> } {
  const modelTypes: Record<string, string> = {};
  const architectures: Record<string, string> = {};
  for (const [family, table] of Object.entries(tables)) {
    for (const type of table.weights.modelTypes) modelTypes[type] = family;
    for (const arch of table.weights.architectures) architectures[arch] = family;
  }
  return { modelTypes, architectures };
}
