import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalize, parsePbtxt } from '@trtforge/pbtxt';
import { compileSpecs, MODEL_NAMES, type TritonModelName } from '@trtforge/compiler';
import { ROOT, TEMPLATES } from '../helpers/paths.js';
import { dropUnfilledParameters, fillTemplateText } from './fill-template.js';
import { templateText, type OracleRelease } from './releases.js';

export { MODEL_NAMES };

/** The v0.17.0 template of `model`, filled the fill_template.py way and parsed with the real proto. */
export function filledTemplate(model: TritonModelName, substitutions: Record<string, string>): unknown {
  const text = fillTemplateText(readFileSync(join(TEMPLATES, model, 'config.pbtxt'), 'utf8'), substitutions);
  return canonicalize(dropUnfilledParameters(parsePbtxt(text) as Record<string, unknown>));
}

/** A release's real template of `model`, filled the way that release's fill_template.py fills it. */
export function filledReleaseTemplate(release: OracleRelease, model: TritonModelName, substitutions: Record<string, string>): unknown {
  const text = fillTemplateText(templateText(release, model), substitutions, release.injected);
  return canonicalize(dropUnfilledParameters(parsePbtxt(text) as Record<string, unknown>));
}

/** Compiles one spec file in-process and returns each model's config, parsed and canonical. */
export function compiledConfigs(specFile: string): Record<TritonModelName, unknown> {
  const [result] = compileSpecs([specFile], { root: ROOT });
  const errors = result?.diagnostics.filter((d) => d.severity === 'error') ?? [];
  if (!result?.files || errors.length) throw new Error(`spec did not compile: ${JSON.stringify(errors, null, 1)}`);
  const out = {} as Record<TritonModelName, unknown>;
  for (const m of MODEL_NAMES) out[m] = canonicalize(parsePbtxt(result.files[`triton_model_repo/${m}/config.pbtxt`]!));
  return out;
}

/** The error diagnostics of one spec file (codes and paths), for specs that must be rejected. */
export function compileErrors(specFile: string): Array<{ code: string; path: string; line: number }> {
  const [result] = compileSpecs([specFile], { root: ROOT });
  return (result?.diagnostics ?? []).filter((d) => d.severity === 'error').map((d) => ({ code: d.code, path: d.path, line: d.line }));
}
