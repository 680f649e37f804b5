import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { maskSecrets } from '@trtforge/spec';

/** A host-specific string and what replaces it in a stored run. */
export interface HostValue {
  value: string;
  placeholder: string;
}

/**
 * genai-perf records its command line in its exports (`input_config`: `--tokenizer`,
 * `--artifact-dir`), and under the runtime `local` those are this host's paths. A stored run is
 * meant to be committed and compared across machines, so the kept copies name them by role
 * (`<tokenizer>`, `<artifact-dir>`), and secret values (ctx.secrets(), credential shapes) become
 * `***`. Returns the placeholders that were used, for the manifest.
 */
export async function scrubExports(dir: string, files: readonly string[], hostValues: readonly HostValue[], secrets: readonly string[]): Promise<string[]> {
  // Longest first: the artifact dir lies inside the repository, and must not become `<repo>/…`.
  const values = hostValues.filter((h) => h.value.length > 1).sort((a, b) => b.value.length - a.value.length);
  const used = new Set<string>();
  for (const name of files) {
    const path = join(dir, name);
    const original = await readFile(path, 'utf8');
    let text = original;
    for (const { value, placeholder } of values) {
      if (!text.includes(value)) continue;
      text = text.split(value).join(placeholder);
      used.add(placeholder);
    }
    const masked = maskSecrets(text, secrets);
    if (masked !== text) used.add('***');
    if (masked !== original) await writeFile(path, masked);
  }
  return [...used].sort();
}
