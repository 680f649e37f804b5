import type { Node as TsNode, ObjectLiteralExpression, SourceFile } from 'ts-morph';
import { tsMorph } from './ts-morph.js';

const { Node } = tsMorph;
type Node = TsNode;

export interface SourceLocation {
  line: number;
  column: number;
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

  static fromSourceFile(file: SourceFile): LocationMap {
    const literal = findSpecLiteral(file);
    const rootLoc = literal ? toLocation(file, literal.getStart()) : { line: 1, column: 1 };
    const map = new LocationMap(rootLoc);
    if (literal) map.walkObject(file, literal, []);
    return map;
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

  private record(file: SourceFile, path: (string | number)[], node: Node): void {
    const key = path.join('.');
    this.byPath.set(key, toLocation(file, node.getStart()));
    this.spans.push({ path: key, start: node.getStart(), end: node.getEnd() });
  }

  private walkObject(file: SourceFile, obj: ObjectLiteralExpression, path: (string | number)[]): void {
    for (const prop of obj.getProperties()) {
      if (Node.isPropertyAssignment(prop) || Node.isShorthandPropertyAssignment(prop)) {
        const name = prop.getNameNode().getText().replace(/^['"]|['"]$/g, '');
        const childPath = [...path, name];
        this.record(file, childPath, prop);
        if (Node.isPropertyAssignment(prop)) this.walkValue(file, prop.getInitializerOrThrow(), childPath);
      }
    }
  }

  private walkValue(file: SourceFile, node: Node, path: (string | number)[]): void {
    const inner = unwrap(node);
    if (Node.isObjectLiteralExpression(inner)) this.walkObject(file, inner, path);
    else if (Node.isArrayLiteralExpression(inner)) {
      inner.getElements().forEach((el, i) => {
        this.record(file, [...path, i], el);
        this.walkValue(file, el, [...path, i]);
      });
    }
  }
}

/** Strips `as X`, `satisfies X`, `!` and parentheses around a literal. */
function unwrap(node: Node): Node {
  let n = node;
  while (Node.isAsExpression(n) || Node.isSatisfiesExpression(n) || Node.isParenthesizedExpression(n) || Node.isNonNullExpression(n)) {
    n = n.getExpression();
  }
  return n;
}

/** The object literal of `export default defineModel({...})` (or `export default {...}`). */
function findSpecLiteral(file: SourceFile): ObjectLiteralExpression | undefined {
  const assignment = file.getExportAssignment((e) => !e.isExportEquals());
  if (!assignment) return undefined;
  let expr = unwrap(assignment.getExpression());
  if (Node.isIdentifier(expr)) {
    const decl = expr.getSymbol()?.getValueDeclaration();
    if (decl && Node.isVariableDeclaration(decl)) expr = unwrap(decl.getInitializer() ?? expr);
  }
  if (Node.isCallExpression(expr)) {
    const arg = expr.getArguments()[0];
    if (arg) expr = unwrap(arg);
  }
  return Node.isObjectLiteralExpression(expr) ? expr : undefined;
}

function toLocation(file: SourceFile, offset: number): SourceLocation {
  const { line, column } = file.getLineAndColumnAtPos(offset);
  return { line, column };
}
