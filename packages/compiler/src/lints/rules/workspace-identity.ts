import { dirname, join } from 'node:path';
import type { Diagnostic } from '../../diagnostics.js';
import type { LintFinding, LintRule } from '../rule.js';
import type { HostFacts } from '../../host/host-facts.js';

/** A finding in one of the workspace files next to model.ts, located by the line it is on. */
interface FileFinding extends LintFinding { line: number; column: number }

/** 1-based line and column of the first match of `re` in `text` (the start of its first group when it has one). */
function position(text: string, re: RegExp): { line: number; column: number } {
  const m = re.exec(text);
  if (!m) return { line: 1, column: 1 };
  const offset = m.index + (m[1] !== undefined ? m[0].indexOf(m[1]) : 0);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `trtforge <command> <model>` in a script: the model it names. */
const TRTFORGE_MODEL = /\btrtforge\s+[a-z][a-z-]*\s+([A-Za-z0-9][A-Za-z0-9._-]*)/g;

/** `"…/trtforge", "<command>", "<model>"` in a task's `command` array: the command and the model it names. */
const TRTFORGE_ARGV = /trtforge"\s*,\s*"([a-z][a-z-]*)"\s*,\s*"([A-Za-z0-9][A-Za-z0-9._-]*)"/g;

function packageFindings(text: string, folder: string): FileFinding[] {
  let pkg: { name?: unknown; scripts?: Record<string, unknown> };
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch (err) {
    return [{ path: '', line: 1, column: 1, message: `is not valid JSON (${(err as Error).message}): npm ci fails for the whole repository`, hint: 'fix the JSON, or copy package.json from another model and rename it' }];
  }
  const findings: FileFinding[] = [];
  if (pkg.name !== folder) {
    findings.push({
      path: 'name', ...position(text, /^\s*"name"\s*:\s*("[^"]*"|[^,\n]*)/m),
      message: `is ${JSON.stringify(pkg.name)}, not the folder name "${folder}": \`turbo --filter=${folder}\` finds no package${typeof pkg.name === 'string' ? ` and two workspaces named "${pkg.name}" make npm ci fail for the whole repository` : ''}`,
      hint: `set "name": "${folder}" (a copied model keeps the original's name; \`trtforge new\` scaffolds one with the right names)`,
    });
  }
  for (const [script, command] of Object.entries(pkg.scripts ?? {})) {
    if (typeof command !== 'string') continue;
    for (const m of command.matchAll(TRTFORGE_MODEL)) {
      const named = m[1]!;
      if (named === folder || named.startsWith('-')) continue;
      findings.push({
        path: `scripts.${script}`, ...position(text, new RegExp(`"${escape(script)}"\\s*:\\s*"[^"\\n]*?(${escape(named)})`)),
        message: `runs \`${m[0]}\`: it names models/${named}, not this model (${folder}), so \`turbo run ${script} --filter=${folder}\` acts on another model`,
        hint: `replace "${named}" with "${folder}"`,
      });
    }
  }
  return findings;
}

function turboFindings(text: string, folder: string): FileFinding[] {
  const findings: FileFinding[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(/generated\/([A-Za-z0-9][A-Za-z0-9._-]*)\//g)) {
    const named = m[1]!;
    if (named === folder || seen.has(named)) continue;
    seen.add(named);
    findings.push({
      path: 'tasks', ...position(text, new RegExp(`generated/(${escape(named)})/`)),
      message: `refers to generated/${named}/, another model's output: turbo would cache and restore the wrong files for ${folder}`,
      hint: `replace "generated/${named}/" with "generated/${folder}/" everywhere in this file`,
    });
  }
  // A task's argv (futureFlags.experimentalTaskCommand): ["../../node_modules/.bin/trtforge", "serve", "<model>"].
  for (const m of text.matchAll(TRTFORGE_ARGV)) {
    const named = m[2]!;
    if (named === folder) continue;
    findings.push({
      path: 'tasks', ...position(text, new RegExp(`trtforge"\\s*,\\s*"[a-z][a-z-]*"\\s*,\\s*"(${escape(named)})"`)),
      message: `runs \`trtforge ${m[1]} ${named}\`: it names models/${named}, not this model (${folder}), so \`turbo run ${m[1]} --filter=${folder}\` acts on another model`,
      hint: `replace "${named}" with "${folder}"`,
    });
  }
  return findings;
}

export const workspaceMatchesFolder: LintRule = {
  id: 'TRT160',
  severity: 'error',
  topic: 'workspace',
  title: 'models/<name>/package.json and turbo.json must name their own model',
  why: 'Each model folder is an npm workspace that turbo filters by package name. A folder copied from another model and renamed still says "name": "<other>" — two workspaces with one name make `npm ci` fail for the whole repository and `turbo --filter=<name>` find nothing — and its scripts (`trtforge build <other>`), turbo.json outputs (`generated/<other>/**`) or turbo.json task commands (`["…/trtforge", "serve", "<other>"]`) act on the other model. The diagnostic points at the line in package.json or turbo.json.',
  fields: ['name'],
  // A broken workspace breaks `npm ci` for every model: nothing one spec could say makes it right.
  silenceable: false,
  check: () => [],
  examples: {
    pass: {},
    fail: {},
    files: { 'package.json': '{\n  "name": "qwen2.5-0.5b",\n  "private": true,\n  "scripts": { "build": "trtforge build qwen2.5-0.5b" }\n}\n' },
  },
};

/**
 * TRT160 for one spec: reads package.json and turbo.json next to model.ts (when present) and returns
 * diagnostics located in those files, each carrying the file's text for its code frame.
 */
export function checkWorkspace(specFile: string, displayFile: string, folder: string, host: HostFacts): Diagnostic[] {
  const out: Diagnostic[] = [];
  const files = [['package.json', packageFindings], ['turbo.json', turboFindings]] as const;
  for (const [name, find] of files) {
    const file = join(dirname(specFile), name);
    const text = host.readText(file);
    if (text === undefined) continue;
    for (const f of find(text, folder)) {
      out.push({ severity: 'error', code: workspaceMatchesFolder.id, file: join(dirname(displayFile), name).split('\\').join('/'), line: f.line, column: f.column, path: f.path, message: f.message, hint: f.hint, source: text });
    }
  }
  return out;
}
