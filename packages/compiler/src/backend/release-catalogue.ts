import type { BackendVersion } from '@trtforge/spec';
import { readDataJson } from './release-files.js';

/** Where a data file was read: upstream repository, tag and commit; `exact: false` when not at the tag's commit. */
export interface Provenance {
  repo: string;
  tag: string;
  commit: string;
  exact: boolean;
  tagCommit?: string;
  read?: string;
  note?: string;
}

/** One row of data/versions.json: a tensorrtllm_backend release and the NVIDIA versions it pins. */
export interface BackendVersions {
  tensorrtllm: string;
  triton: string;
  images: string[];
  sources: Record<'tensorrtllm' | 'backend' | 'server', { repo: string; ref: string }>;
  provenance?: Provenance[];
}

let rows: Record<string, BackendVersions> | undefined;

/** versions.json (small: one row per release) is the only file every compile reads. */
function catalogue(): Record<string, BackendVersions> {
  rows ??= readDataJson<{ backends: Record<string, BackendVersions> }>('versions.json').backends;
  return rows;
}

export function supportedBackendVersions(): string[] {
  return Object.keys(catalogue());
}

/** The row of a release, or undefined when trtforge has no data for it. */
export function releaseRow(version: string): BackendVersions | undefined {
  return catalogue()[version];
}

/** The serving image of a release: the derived default of runtime.image. */
export function releaseImage(version: BackendVersion): string | undefined {
  return releaseRow(version)?.images[0];
}
