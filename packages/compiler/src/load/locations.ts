import type * as TS from 'typescript';

export interface SourceLocation {
  line: number;
  column: number;
}

/** A LocationMap as plain data, for the load cache. */
export interface LocationData {
  root: SourceLocation;
  fields: Array<{ path: string; line: number; column: number; start: number; end: number }>;
}

/**
 * Maps dotted field paths of the `defineModel({...})` literal to where they are written, so every
 * diagnostic can point at the line that set the value. Values computed elsewhere (spreads, helper
 * calls) resolve to their nearest written ancestor.
 */
export class LocationMap {
  private readonly byPath = new Map<string, SourceLocation>();
  private readonly spans: Array<{ path: string; start: number; end: number }> = [];

  constructor(private readonly root: SourceLocation) {}

  /**
   * Built from the parsed file; `checker` follows `export default spec` to `const spec = {...}`.
   * Only the TypeScript namespace passed in is used: this module never loads the compiler itself.
   */
  static fromSourceFile(ts: typeof TS, file: TS.SourceFile, checker?: TS.TypeChecker): LocationMap {
    const literal = findSpecLiteral(ts, file, checker);
    const rootLoc = literal ? toLocation(file, literal.getStart(file)) : { line: 1, column: 1 };
    const map = new LocationMap(rootLoc);
    if (literal) map.walkObject(ts, file, literal, []);
    return map;
  }

  static fromData(data: LocationData): LocationMap {
    const map = new LocationMap(data.root);
    for (const f of data.fields) {
      map.byPath.set(f.path, { line: f.line, column: f.column });
      map.spans.push({ path: f.path, start: f.start, end: f.end });
    }
    return map;
  }

  toData(): LocationData {
    return {
      root: this.root,
      fields: this.spans.map((s) => ({ ...s, ...(this.byPath.get(s.path) as SourceLocation) })),
    };
  }

  /** The location of `path`, or of its closest ancestor that is written in the source. */
  locate(path: readonly (string | number)[]): SourceLocation {
    for (let n = path.length; n > 0; n--) {
      const hit = this.byPath.get(path.slice(0, n).join('.'));
      if (hit) return hit;
    }
    return this.root;
  }

  /** The innermost field path whose written span contains `offset` (for TypeScript diagnostics). */
  pathAt(offset: number): string {
    let best: { path: string; size: number } | undefined;
    for (const s of this.spans) {
      if (offset >= s.start && offset <= s.end && (!best || s.end - s.start < best.size)) {
        best = { path: s.path, size: s.end - s.start };
      }
    }
    return best?.path ?? '';
  }

  private record(file: TS.SourceFile, path: (string | number)[], node: TS.Node): void {
    const key = path.join('.');
    const start = node.getStart(file);
    this.byPath.set(key, toLocation(file, start));
    this.spans.push({ path: key, start, end: node.getEnd() });
  }

  private walkObject(ts: typeof TS, file: TS.SourceFile, obj: TS.ObjectLiteralExpression, path: (string | number)[]): void {
    for (const prop of obj.properties) {
      if (ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop)) {
        const name = prop.name.getText(file).replace(/^['"]|['"]$/g, '');
        const childPath = [...path, name];
        this.record(file, childPath, prop);
        if (ts.isPropertyAssignment(prop)) this.walkValue(ts, file, prop.initializer, childPath);
      }
    }
  }

  private walkValue(ts: typeof TS, file: TS.SourceFile, node: TS.Node, path: (string | number)[]): void {
    const inner = unwrap(ts, node);
    if (ts.isObjectLiteralExpression(inner)) this.walkObject(ts, file, inner, path);
    else if (ts.isArrayLiteralExpression(inner)) {
      inner.elements.forEach((el, i) => {
        this.record(file, [...path, i], el);
        this.walkValue(ts, file, el, [...path, i]);
      });
    }
  }
}

/** Strips `as X`, `satisfies X`, `!` and parentheses around a literal. */
function unwrap(ts: typeof TS, node: TS.Node): TS.Node {
  let n = node;
  while (ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isParenthesizedExpression(n) || ts.isNonNullExpression(n)) {
    n = n.expression;
  }
  return n;
}

/** The object literal of `export default defineModel({...})` (or `export default {...}`). */
function findSpecLiteral(ts: typeof TS, file: TS.SourceFile, checker?: TS.TypeChecker): TS.ObjectLiteralExpression | undefined {
  const assignment = file.statements.find((s): s is TS.ExportAssignment => ts.isExportAssignment(s) && !s.isExportEquals);
  if (!assignment) return undefined;
  let expr = unwrap(ts, assignment.expression);
  if (ts.isIdentifier(expr)) {
    const decl = checker?.getSymbolAtLocation(expr)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl)) expr = unwrap(ts, decl.initializer ?? expr);
  }
  if (ts.isCallExpression(expr)) {
    const arg = expr.arguments[0];
    if (arg) expr = unwrap(ts, arg);
  }
  return ts.isObjectLiteralExpression(expr) ? expr : undefined;
}

function toLocation(file: TS.SourceFile, offset: number): SourceLocation {
  const { line, character } = file.getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character + 1 };
}
