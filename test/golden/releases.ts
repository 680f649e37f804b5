import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEMPLATES } from '../helpers/paths.js';
import { livePlaceholders } from './fill-template.js';

/**
 * The golden oracle's own list of releases: where each release's real templates are and what its
 * tools/fill_template.py injects when a key is not given (read at each tag, line 38:
 * `sub_dict = {"max_queue_size": 0}` through v0.18.2; v0.19.0 adds `max_queue_delay_microseconds: 0`).
 * Independent of the compiler: nothing here reads packages/compiler/data.
 */
export interface OracleRelease {
  version: '0.16.0' | '0.17.0' | '0.18.2' | '0.19.0';
  /** Directory holding <model>/config.pbtxt. */
  templates: string;
  /** fill_template.py's defaults for keys not given. */
  injected: Record<string, string>;
}

const fixture = (tag: string) => fileURLToPath(new URL(`./fixtures/templates/${tag}/`, import.meta.url));

export const RELEASES: readonly OracleRelease[] = [
  { version: '0.16.0', templates: fixture('v0.16.0'), injected: { max_queue_size: '0' } },
  { version: '0.17.0', templates: TEMPLATES, injected: { max_queue_size: '0' } },
  { version: '0.18.2', templates: fixture('v0.18.2'), injected: { max_queue_size: '0' } },
  { version: '0.19.0', templates: fixture('v0.19.0'), injected: { max_queue_size: '0', max_queue_delay_microseconds: '0' } },
];

export function templateText(release: OracleRelease, model: string): string {
  return readFileSync(join(release.templates, model, 'config.pbtxt'), 'utf8');
}

/** Every placeholder the release's five templates use, read from the template texts. */
export function releasePlaceholders(release: OracleRelease): Set<string> {
  return new Set(readdirSync(release.templates).flatMap((model) => [...livePlaceholders(templateText(release, model))]));
}
