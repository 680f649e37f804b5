/**
 * Lint data that is not part of @trtforge/compiler's public API (the package exports only its
 * index), read from the built compiler the same way scripts/generate-lint-docs.mjs reads it.
 */
export { exampleSpec, EXAMPLE_BASE } from '../../packages/compiler/dist/lints/examples.js';
export { TOPICS } from '../../packages/compiler/dist/lints/rule.js';
export { PAIN_WITHOUT_RULE, PAIN_PARTIAL } from '../../packages/compiler/dist/lints/pain-coverage.js';
export { STAGE_CODES } from '../../packages/compiler/dist/lints/diagnostic-codes.js';
