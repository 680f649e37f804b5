import type { ParameterSource } from './backend-data.js';
import { supportedBackendVersions } from './release-catalogue.js';
import { readDataJson } from './release-files.js';

/** A release's parameters.json: placeholder → spec path, and placeholders renamed from an earlier release. */
interface ParameterMap {
  parameters: Record<string, ParameterSource>;
  renamedFrom?: Record<string, string>;
}

const pathOf = (source: ParameterSource) => (typeof source === 'string' ? source : source.path);

/** The spec paths a release's parameter map fills (its own placeholders' sources). */
export function consumedPaths(parameters: Record<string, ParameterSource>): Set<string> {
  return new Set(Object.values(parameters).map(pathOf));
}

/** Which releases fill `specPath`, with the placeholder each uses (read only when a spec field is not filled). */
export function releasesFilling(specPath: string): Array<{ version: string; placeholder: string }> {
  return supportedBackendVersions().flatMap((version) => {
    const { parameters } = readDataJson<ParameterMap>(`tensorrtllm_backend-${version}/parameters.json`);
    const hit = Object.entries(parameters).find(([, source]) => pathOf(source) === specPath);
    return hit ? [{ version, placeholder: hit[0] }] : [];
  });
}

/** Placeholders of `version` that replace an earlier release's (`renamedFrom` in its parameters.json). */
export function renamesIn(version: string): Record<string, string> {
  return readDataJson<ParameterMap>(`tensorrtllm_backend-${version}/parameters.json`).renamedFrom ?? {};
}
