import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';
import { STACK_TRACE } from './helpers/cli.js';

describe('npm run demo (the README command that runs the whole pipeline on stand-ins)', () => {
  it('convert → build → serve → infer → bench, labelled as stand-ins, and the server it started is stopped', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/demo.mjs')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/^STAND-IN TOOLS \(test\/stand-ins: not NVIDIA's, no model runs\)/m);
    const order = ['trtforge convert', 'trtforge build', 'trtforge serve', 'is ready', 'trtforge infer', 'trtforge bench', 'stopping the server', 'server stopped', '✓ demo done'];
    const at = order.map((text) => r.stdout.indexOf(text));
    expect(at.every((i) => i >= 0), JSON.stringify(Object.fromEntries(order.map((t, i) => [t, at[i]])))).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(r.stdout).toContain('these figures time a stand-in server, not a model');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    // Its throwaway repository is gone.
    const root = /in (\/\S+trtforge-demo-\S+)/.exec(r.stdout)?.[1];
    expect(root).toBeDefined();
    expect(existsSync(root!)).toBe(false);
  }, 180_000); // five trtforge processes and a server, one after another
});
