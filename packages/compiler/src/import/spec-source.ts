/** A single-quoted TypeScript string literal (the repository's style). */
const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
const key = (k: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : quote(k));

function literal(value: unknown, indent: string): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, indent)).join(', ')}]`;
  if (value && typeof value === 'object') {
    const inner = `${indent}  `;
    const entries = Object.entries(value).map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner)},`);
    return entries.length === 0 ? '{}' : `{\n${entries.join('\n')}\n${indent}}`;
  }
  return 'undefined';
}

/** Comment lines never end the block early, whatever a config held. */
const commentLine = (line: string) => ` *   - ${line.replace(/\*\//g, '* /')}`;

/** models/<name>/model.ts for an imported spec, with every setting it could not express listed at the top. */
export function renderSpecSource(spec: Record<string, unknown>, origin: string, unexpressed: readonly string[]): string {
  const header = [
    '/**',
    ` * Imported by \`trtforge import\` from ${origin.replace(/\*\//g, '* /')}.`,
    unexpressed.length === 0
      ? ' * Every setting of the repository is expressed below: `trtforge compile` reproduces its five configs.'
      : ` * Not expressed here (${unexpressed.length}) — decide on each before deploying:`,
    ...unexpressed.map(commentLine),
    ' */',
  ];
  return `import { defineModel } from '@trtforge/spec';\n\n${header.join('\n')}\nexport default defineModel(${literal(spec, '')});\n`;
}
