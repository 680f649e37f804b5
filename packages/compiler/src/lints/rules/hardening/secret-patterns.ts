/**
 * The secret policy (credential shapes, secret env names, masking) is one module shared by the
 * compiler, the runner and the CLI: packages/spec/src/secrets.ts.
 */
export { SECRET_SHAPES, SECRET_ENV_NAME, secretEnv } from '@trtforge/spec';
