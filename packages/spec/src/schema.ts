import { modelSpecSchema as generatedSchema } from './schema.generated.js';

/** A JSON Schema (draft-07) document, read as plain JSON. */
export type JsonSchemaDocument = { readonly [keyword: string]: unknown };

/**
 * The JSON Schema of {@link ModelSpec}, generated from the types (see scripts/generate-schema.mjs).
 * Declared as a plain JSON document, not as its literal type: that type is ~77 KB of declarations
 * which every spec's type-check would otherwise parse (model.ts imports this package's index), and
 * every consumer reads the schema as data anyway.
 */
export const modelSpecSchema: JsonSchemaDocument = generatedSchema;
