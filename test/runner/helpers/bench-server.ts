// Test helper: a stand-in server of one serve mode, up for as long as a bench (or anything) runs against it.
import { expect } from 'vitest';
import { createRunContext, serve, type RunContext, type ServeResult } from '@trtforge/runner';
import type { ServeModeName } from '@trtforge/spec';
import type { Workspace } from './workspace.js';

/**
 * Serves `mode` of the workspace's model until `body` settles (with a run context of its own,
 * `env` added to the workspace's), then stops the server like Ctrl-C. The server must end
 * `stopped`; `body`'s value is returned, its error thrown.
 */
export async function withServer<T>(ws: Workspace, mode: ServeModeName, body: (ctx: RunContext) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
  const abort = new AbortController();
  const ctx = await createRunContext(ws.runOptions({ signal: abort.signal }));
  let outcome: Promise<{ ok: true; value: T } | { ok: false; error: unknown }> | undefined;
  const served: ServeResult = await serve(ctx, {
    mode,
    readyTimeoutMs: 15_000,
    onReady: () => {
      outcome = createRunContext(ws.runOptions({ env: { ...ws.env, ...env } }))
        .then(body)
        .then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }))
        .finally(() => abort.abort('SIGINT'));
    },
  });
  expect(served.status).toBe('stopped');
  // onReady ran (the server came up) or serve would not have ended `stopped` by our abort.
  expect(outcome, `the ${mode} server never became ready`).toBeDefined();
  const settled = await outcome!;
  if (!settled.ok) throw settled.error;
  return settled.value;
}
