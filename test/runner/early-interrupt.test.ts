import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, STACK_TRACE } from './helpers/cli.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';

/**
 * Ctrl-C while trtforge is still loading its modules. No timing: a module-loader hook (node
 * --import) holds the load of packages/cli/dist/bundle/runner.js (the runner chunk, the largest thing
 * `build` loads, before its action runs) and drops a marker file; the test sends SIGINT once the
 * marker exists, i.e. at a moment when no command has installed a handler yet.
 */
const REGISTER = `import { register } from 'node:module';\nregister('./hold-main.mjs', import.meta.url);\n`;
const HOLD_MAIN = `import { existsSync, writeFileSync } from 'node:fs';
export async function load(url, context, nextLoad) {
  if (url.endsWith('/packages/cli/dist/bundle/runner.js')) {
    writeFileSync(process.env.TRTFORGE_TEST_MARKER, 'loading');
    // Held until the test lets go (it never does when the interrupt works) or 30 s pass.
    for (let i = 0; i < 300 && !existsSync(process.env.TRTFORGE_TEST_MARKER + '.go'); i++) await new Promise((r) => setTimeout(r, 100));
  }
  return nextLoad(url, context);
}
`;

describe('Ctrl-C before the commands have loaded', () => {
  let ws: Workspace;
  let hooks: string;
  beforeAll(async () => {
    ws = await createWorkspace();
    hooks = mkdtempSync(join(tmpdir(), 'trtforge-hooks-'));
    writeFileSync(join(hooks, 'register.mjs'), REGISTER);
    writeFileSync(join(hooks, 'hold-main.mjs'), HOLD_MAIN);
  });
  afterAll(() => {
    ws.cleanup();
    rmSync(hooks, { recursive: true, force: true });
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('%s: one line, exit 128+n, no stack trace, nothing stored', async (signal) => {
    const marker = join(hooks, `marker-${signal}`);
    const child = spawn(process.execPath, ['--import', pathToFileURL(join(hooks, 'register.mjs')).href, BIN, 'build', MODEL], {
      cwd: join(ws.root, 'models', MODEL),
      env: { ...ws.env, TRTFORGE_TEST_MARKER: marker, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
    // WHEN the signal arrives while dist/bundle/runner.js is being loaded
    while (!existsSync(marker) && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill(signal);
    const result = await done;
    writeFileSync(`${marker}.go`, '');
    // THEN the usual message and exit code, not death by the default action
    expect(result, stderr).toEqual({ code: signal === 'SIGINT' ? 130 : 143, signal: null });
    expect(stderr).toBe(`✗ interrupted (${signal}) before any step started; nothing was stored\n`);
    expect(stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(ws.store)).toBe(false);
  });
});
