/** Relative path → file content. The compiler's whole output for one spec, in memory (Prisma's FileMap). */
export type FileMap = Record<string, string>;
