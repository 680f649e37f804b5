/** The JSON Schema of {@link ModelSpec}, generated from the types (see scripts/generate-schema.mjs). */
export { modelSpecSchema } from './schema.generated.js';
