/**
 * `TRTFORGE_TYPECHECK=always` type-checks every spec that misses the load cache, plain-data ones
 * included (load/plain-spec.ts): the reference path the parity tests compare the fast path with.
 */
export function typecheckAlways(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TRTFORGE_TYPECHECK === 'always';
}
