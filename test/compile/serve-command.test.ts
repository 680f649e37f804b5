import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

/**
 * `turbo run serve` starts each model's server with its turbo.json `command` (no `npm run serve`
 * in between: futureFlags.experimentalTaskCommand), while `npm run serve` still runs the
 * package.json script: both must start the same `trtforge serve <model>`, in every model.
 */
const models = readdirSync(join(ROOT, 'models')).filter((m) => existsSync(join(ROOT, 'models', m, 'model.ts')));
const json = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

describe('the serve task turbo runs is the serve script npm runs', () => {
  it('the root turbo.json lets tasks carry their own argv', () => {
    expect(json('turbo.json').futureFlags).toEqual(expect.objectContaining({ experimentalTaskCommand: true }));
  });

  it.each(models)('%s: node_modules/.bin/trtforge with the arguments of `npm run serve`', (model) => {
    const script: string = json(`models/${model}/package.json`).scripts.serve;
    const command: string[] = json(`models/${model}/turbo.json`).tasks.serve.command;
    expect(script).toBe(`trtforge serve ${model}`);
    expect(command).toEqual(['../../node_modules/.bin/trtforge', ...script.split(' ').slice(1)]);
    // The link npm itself would run (`trtforge` from the hoisted node_modules/.bin), relative to the model's folder.
    expect(existsSync(join(ROOT, 'models', model, command[0]!))).toBe(true);
  });
});
