/** ajv's options, shared by the build-time standalone validator and the run-time fallback. */
export const AJV_OPTIONS = { allErrors: true, strict: false, useDefaults: false, verbose: true } as const;
