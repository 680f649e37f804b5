import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, STACK_TRACE } from './helpers/cli.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';

/** Filesystem conditions a user can cause end in one clear line naming the path, never "internal error". */
describe('filesystem errors in a run', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await createWorkspace();
  });
  afterEach(() => ws.cleanup());

  const expectOneClearLine = (result: { code: number | null; stderr: string }, path: string, reason: RegExp): void => {
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).not.toContain('internal error');
    expect(result.stderr).not.toMatch(STACK_TRACE);
    const line = result.stderr.split('\n').find((l) => l.startsWith('✗'));
    expect(line).toContain(path);
    expect(line).toMatch(reason);
  };

  it('a file where models/<m>/.trtforge/ should be', async () => {
    writeFileSync(ws.stateDir, 'not a directory\n');
    const result = await cli(ws, ['build', MODEL]);
    expectOneClearLine(result, ws.stateDir, /not a directory|a file is in the way/);
  });

  it('a store root that is a file', async () => {
    writeFileSync(ws.store, '');
    const result = await cli(ws, ['build', MODEL]);
    expectOneClearLine(result, ws.store, /not a directory|a file is in the way/);
  });

  it('a file where the hash memo directory should be: nothing half-written is left', async () => {
    mkdirSync(ws.store, { recursive: true });
    writeFileSync(join(ws.store, 'memo'), '');
    const result = await cli(ws, ['build', MODEL]);
    expectOneClearLine(result, join(ws.store, 'memo'), /not a directory|a file is in the way/);
    expect(readdirSync(ws.store).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
