import { describeChange, diffComponents, type StepKey } from '../store/key.js';
import type { StepManifest } from '../store/manifest.js';

/**
 * Why a step runs (or what changed although the store already had the result), from the
 * manifest of the last run in this checkout: one line per input that differs.
 */
export function explainKey(previous: StepManifest | undefined, key: StepKey): string[] {
  if (!previous) return ['no previous run recorded here'];
  if (previous.key === key.key) return ['unchanged'];
  const changes = diffComponents(previous.components, key.components);
  if (changes.length === 0) return [`key format changed (${previous.key.slice(0, 12)} → ${key.key.slice(0, 12)})`];
  return changes.map((change) =>
    change.path === 'convert' ? `checkpoint changed (convert key ${String(change.before).slice(0, 12)} → ${String(change.after).slice(0, 12)})` : describeChange(change),
  );
}
