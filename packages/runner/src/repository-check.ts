import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServeStep } from '@trtforge/spec';

/** `parameters { key: "k" value: { string_value: "v" } }` pairs of a config.pbtxt (no full parser needed for these checks). */
export function stringParameters(pbtxt: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const match of pbtxt.matchAll(/key:\s*"([^"]+)"\s*value\s*:?\s*\{\s*string_value:\s*"([^"]*)"/g)) params.set(match[1]!, match[2]!);
  return params;
}

const under = (path: string, dir: string): boolean => path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);

/**
 * Checks an assembled repository against the serve step that will load it, before a server is
 * started: unfilled `${…}` placeholders (server#8592), python models without `1/model.py`, and
 * engine/tokenizer paths that would not exist where Triton looks (backend#61, #393). `paths`
 * tells, per mount source, where the step will see it (container targets, or host paths for `local`).
 */
export async function checkRepository(
  repo: string,
  step: ServeStep,
  seenAt: { engine: string[]; tokenizer: string[] },
): Promise<string[]> {
  const problems: string[] = [];
  const models = (await readdir(repo, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  if (models.length === 0) problems.push('the repository has no model directories');
  for (const model of models.sort()) {
    const configPath = join(repo, model, 'config.pbtxt');
    if (!existsSync(configPath)) {
      problems.push(`${model}/config.pbtxt is missing`);
      continue;
    }
    const text = await readFile(configPath, 'utf8');
    text.split('\n').forEach((line, index) => {
      if (line.includes('${')) problems.push(`${model}/config.pbtxt:${index + 1}: unfilled placeholder ${line.trim()}`);
    });
    if (/^\s*backend:\s*"python"/m.test(text) && !existsSync(join(repo, model, '1', 'model.py'))) problems.push(`${model}/1/model.py is missing (python backend)`);
    if (/^\s*platform:\s*"ensemble"/m.test(text) && !existsSync(join(repo, model, '1'))) problems.push(`${model}/1/ is missing (Triton needs a version directory)`);
    const params = stringParameters(text);
    for (const name of ['gpt_model_path', 'engine_dir']) {
      const value = params.get(name);
      if (value && !seenAt.engine.some((dir) => under(value, dir))) {
        problems.push(`${model}/config.pbtxt ${name} is "${value}" but the ${step.mode} step sees the engine at ${seenAt.engine.join(', ') || '(not mounted)'}`);
      }
    }
    const tokenizer = params.get('tokenizer_dir');
    if (tokenizer && !seenAt.tokenizer.some((dir) => under(tokenizer, dir))) {
      problems.push(`${model}/config.pbtxt tokenizer_dir is "${tokenizer}" but the ${step.mode} step sees the tokenizer at ${seenAt.tokenizer.join(', ') || '(not mounted)'}`);
    }
  }
  return problems;
}
