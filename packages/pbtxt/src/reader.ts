// config.pbtxt reader: text format → the plain object shape writePbtxt() accepts,
// checked against the schema as it is parsed so errors point at line:col.
import type { Field, Type } from 'protobufjs';
import { at, Cursor, show, type PlaceholderMode } from './cursor.js';
import { tokenize, type Token } from './lexer.js';
import { fieldPath, indexPath, keyPath } from './path.js';
import { readScalar } from './reader-scalars.js';
import { enumOf, fieldNames, lookupType, mapKeyType, messageTypeOf, MODEL_CONFIG_TYPE, ownField } from './schema.js';
import { hint } from './suggest.js';
import { setOwn, typeLabel, type PlainMessage } from './validate.js';

export interface ParsePbtxtOptions {
  /** Message type of the text. @default 'inference.ModelConfig' */
  typeName?: string;
  /**
   * `'error'` (default): any `${name}` outside a string is an error. `'keep'`: a `${name}`
   * in a value position is returned as `{ $placeholder: 'name' }`, so templates can be read.
   */
  placeholders?: PlaceholderMode;
  /** Shown before `line:col` in error messages, e.g. the file path. */
  source?: string;
}

/** Parse text format into a plain object: proto field names, maps keyed by map key, enums by name. */
export function parsePbtxt(text: string, opts: ParsePbtxtOptions = {}): PlainMessage {
  const type = lookupType(opts.typeName ?? MODEL_CONFIG_TYPE);
  const cur = new Cursor(tokenize(text, opts.source), opts.placeholders ?? 'error', opts.source);
  return parseFields(cur, type, type.name, null);
}

/** Per-message bookkeeping for the checks protoc also makes. */
interface Seen {
  /** Singular fields already set, for "specified multiple times". */
  fields: Map<string, Token>;
  /** oneof name → member already set. */
  oneofs: Map<string, string>;
  /** map field → key → where it was first given. */
  mapKeys: Map<string, Map<string, Token>>;
}

/** Fields up to `close` (`}`/`>`), or to the end of input for the top-level message. */
function parseFields(cur: Cursor, type: Type, path: string, open: Token | null): PlainMessage {
  const close = open?.text === '<' ? '>' : '}';
  const out: PlainMessage = {};
  const seen: Seen = { fields: new Map(), oneofs: new Map(), mapKeys: new Map() };
  for (;;) {
    const tok = cur.peek();
    if (open ? cur.isSymbol(close) : tok.kind === 'eof') break;
    if (tok.kind === 'eof' && open) throw cur.fail(tok, `expected "${close}" to close the "${open.text}" opened at ${at(open)}`, path);
    parseField(cur, type, path, out, seen);
    if (!cur.accept(',', path)) cur.accept(';', path);
  }
  cur.next(path);
  return inDeclarationOrder(type, out);
}

function parseField(cur: Cursor, type: Type, path: string, out: PlainMessage, seen: Seen): void {
  const nameTok = cur.next(path);
  if (nameTok.kind === 'placeholder') throw cur.fail(nameTok, `template placeholder \${${nameTok.text}} cannot be used as a field name`, path);
  if (nameTok.kind === 'symbol' && nameTok.text === '[') {
    throw cur.fail(nameTok, 'extension and Any fields ([name]) are not supported: the Triton schema has none', path);
  }
  if (nameTok.kind !== 'ident') throw cur.fail(nameTok, `expected a field name, got ${show(nameTok)}`, path);
  const name = nameTok.text;
  const field = ownField(type, name);
  const fpath = fieldPath(path, name);
  if (!field) throw cur.fail(nameTok, `unknown field "${name}" in ${typeLabel(type)}; ${hint(name, fieldNames(type), 'fields')}`, fpath);
  checkOnce(cur, field, nameTok, fpath, seen);
  if (field.map) return parseMapField(cur, field, fpath, out, seen);

  const message = messageTypeOf(field);
  // protoc: the colon is optional before a message value but required before a scalar.
  if (!cur.accept(':', fpath) && !message) throw cur.fail(cur.peek(), `expected ":" after scalar field "${name}", got ${show(cur.peek())}`, fpath);
  if (!field.repeated) {
    if (cur.isSymbol('[')) throw cur.fail(cur.peek(), `field "${name}" is not repeated, so it cannot take a [ ... ] list`, fpath);
    setOwn(out, name, parseValue(cur, field, fpath));
    return;
  }
  const list = (out[name] ??= []) as unknown[];
  if (!cur.isSymbol('[')) {
    list.push(parseValue(cur, field, indexPath(fpath, list.length)));
    return;
  }
  parseList(cur, fpath, () => list.push(parseValue(cur, field, indexPath(fpath, list.length))));
}

/** Non-repeated fields and oneof members may be set once, as protoc enforces. */
function checkOnce(cur: Cursor, field: Field, nameTok: Token, fpath: string, seen: Seen): void {
  if (field.repeated || field.map) return;
  const first = seen.fields.get(field.name);
  if (first) throw cur.fail(nameTok, `non-repeated field "${field.name}" is specified more than once (first at ${at(first)})`, fpath);
  seen.fields.set(field.name, nameTok);
  const group = field.partOf;
  if (!group) return;
  const other = seen.oneofs.get(group.name);
  if (other) throw cur.fail(nameTok, `field "${field.name}" is specified along with "${other}", another member of oneof "${group.name}"`, fpath);
  seen.oneofs.set(group.name, field.name);
}

/** `[ a, b ]` with mandatory commas (protoc rejects `[ {..} {..} ]`); `[ ]` is allowed. */
function parseList(cur: Cursor, path: string, each: () => void): void {
  cur.expect('[', path);
  if (cur.accept(']', path)) return;
  do each();
  while (cur.accept(',', path));
  cur.expect(']', path, 'or "," in list');
}

/** One value of `field`: a placeholder (keep mode), a `{...}`/`<...>` message, or a scalar. */
function parseValue(cur: Cursor, field: Field, path: string): unknown {
  const tok = cur.peek();
  if (tok.kind === 'placeholder') return { $placeholder: cur.next(path).text };
  const message = messageTypeOf(field);
  if (message) return parseMessageValue(cur, message, path);
  return readScalar(cur, field.type, enumOf(field), path);
}

function parseMessageValue(cur: Cursor, type: Type, path: string): PlainMessage {
  const open = cur.next(path);
  if (open.kind !== 'symbol' || (open.text !== '{' && open.text !== '<')) {
    throw cur.fail(open, `expected "{" to start a ${typeLabel(type)} message, got ${show(open)}`, path);
  }
  return parseFields(cur, type, path, open);
}

/** A map field is a repeated `{ key: K value: V }` entry; collect entries into one object. */
function parseMapField(cur: Cursor, field: Field, fpath: string, out: PlainMessage, seen: Seen): void {
  cur.accept(':', fpath);
  const map = (out[field.name] ??= {}) as PlainMessage;
  let keys = seen.mapKeys.get(field.name);
  if (!keys) seen.mapKeys.set(field.name, (keys = new Map()));
  const entry = (): void => parseMapEntry(cur, field, fpath, map, keys);
  if (cur.isSymbol('[')) parseList(cur, fpath, entry);
  else entry();
}

function parseMapEntry(cur: Cursor, field: Field, fpath: string, map: PlainMessage, keys: Map<string, Token>): void {
  const open = cur.next(fpath);
  if (open.kind === 'placeholder') throw cur.fail(open, `template placeholder \${${open.text}} cannot stand for a whole map entry`, fpath);
  if (open.kind !== 'symbol' || (open.text !== '{' && open.text !== '<')) throw cur.fail(open, `expected "{" to start a map entry, got ${show(open)}`, fpath);
  const close = open.text === '<' ? '>' : '}';
  const keyType = mapKeyType(field) ?? 'string';
  let key: { text: string; tok: Token } | undefined;
  let value: { v: unknown; tok: Token } | undefined;
  while (!cur.accept(close, fpath)) {
    const nameTok = cur.next(fpath);
    const entryPath = key ? keyPath(fpath, key.text, keyType === 'string') : fpath;
    if (nameTok.kind === 'eof') throw cur.fail(nameTok, `expected "${close}" to close the map entry opened at ${at(open)}`, fpath);
    if (nameTok.text === 'key' && nameTok.kind === 'ident') {
      if (key) throw cur.fail(nameTok, `map entry has more than one "key" (first at ${at(key.tok)})`, entryPath);
      cur.expect(':', fpath, 'after "key"');
      if (cur.peek().kind === 'placeholder') throw cur.fail(cur.peek(), 'template placeholders cannot be used as map keys', fpath);
      key = { text: String(readScalar(cur, keyType, null, fpath)), tok: nameTok };
    } else if (nameTok.text === 'value' && nameTok.kind === 'ident') {
      if (value) throw cur.fail(nameTok, `map entry has more than one "value" (first at ${at(value.tok)})`, entryPath);
      if (!cur.accept(':', entryPath) && !messageTypeOf(field)) throw cur.fail(cur.peek(), `expected ":" after "value", got ${show(cur.peek())}`, entryPath);
      value = { v: parseValue(cur, field, fieldPath(entryPath, 'value')), tok: nameTok };
    } else {
      throw cur.fail(nameTok, `unknown field ${show(nameTok)} in a map entry of "${field.name}"; map entries have only "key" and "value"`, entryPath);
    }
    if (!cur.accept(',', fpath)) cur.accept(';', fpath);
  }
  // Like protoc, a missing key or value means the type's default.
  const k = key?.text ?? (keyType === 'string' ? '' : keyType === 'bool' ? 'false' : '0');
  const first = keys.get(k);
  if (first) throw cur.fail(key?.tok ?? open, `map key ${JSON.stringify(k)} is given more than once (first at ${at(first)}); protoc would silently keep the last`, keyPath(fpath, k, keyType === 'string'));
  keys.set(k, key?.tok ?? open);
  setOwn(map, k, value ? value.v : defaultValue(field));
}

function defaultValue(field: Field): unknown {
  if (messageTypeOf(field)) return {};
  const en = enumOf(field);
  if (en) return en.valuesById[0] ?? Object.keys(en.values)[0];
  if (field.type === 'string') return '';
  if (field.type === 'bytes') return new Uint8Array();
  if (field.type === 'bool') return false;
  return 0;
}

/** Return fields in .proto declaration order, whatever order the text used. */
function inDeclarationOrder(type: Type, msg: PlainMessage): PlainMessage {
  const out: PlainMessage = {};
  for (const f of type.fieldsArray) if (Object.hasOwn(msg, f.name)) setOwn(out, f.name, msg[f.name]);
  return out;
}
