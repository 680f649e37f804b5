// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Python argparse semantics, as far as the reference tables describe them: `--flag value` and
// `--flag=value`, unique-prefix abbreviations, int/float/choice checking, store_true flags,
// nargs '?' / '+', required options, and argparse's error format (usage line, exit status 2).

export class UsageError extends Error {
  constructor(message, status = 2) {
    super(message);
    this.status = status;
  }
}

const isFlagKind = (type) => type === 'flag' || String(type).startsWith('bool (store_true)');

function normalize(option) {
  const choices = Array.isArray(option.choices) ? option.choices.map(String) : null;
  let type = String(option.type).split(',')[0].trim();
  if (type === 'enum' && !choices) type = 'str';
  return {
    flag: option.flag,
    names: [option.flag, ...(option.aliases ?? [])],
    dest: option.dest ?? option.flag.replace(/^-+/, '').replaceAll('-', '_'),
    type,
    choices,
    required: option.required === true,
    nargs: option.nargs ?? (String(option.type).includes("nargs='+'") ? '+' : undefined),
    constValue: option.const,
    default: option.default === 'SUPPRESS' ? undefined : option.default,
    deprecated: option.deprecated === true,
    caseInsensitive: /case-insensitive/i.test(option.help ?? ''),
  };
}

function convert(option, raw) {
  const name = option.names.join('/');
  if (option.type === 'int') {
    if (!/^[-+]?\d+$/.test(raw.trim())) throw new UsageError(`argument ${name}: invalid int value: '${raw}'`);
    return Number.parseInt(raw, 10);
  }
  if (option.type === 'float') {
    if (raw.trim() === '' || Number.isNaN(Number(raw))) throw new UsageError(`argument ${name}: invalid float value: '${raw}'`);
    return Number(raw);
  }
  if (option.choices) {
    const value = option.caseInsensitive ? raw.toLowerCase() : raw;
    if (!option.choices.includes(value)) {
      throw new UsageError(`argument ${name}: invalid choice: '${raw}' (choose from ${option.choices.map((c) => `'${c}'`).join(', ')})`);
    }
    return value;
  }
  return raw;
}

/**
 * Parses `argv` against `table.options` (+ `table.positional`). Returns `{ values, positionals }`
 * or throws UsageError with argparse's message.
 */
export function parseArgs(table, argv, { allowAbbrev = true } = {}) {
  const options = table.options.map(normalize);
  const byName = new Map(options.flatMap((o) => o.names.map((n) => [n, o])));
  const values = {};
  for (const o of options) if (o.default !== undefined && o.default !== null) values[o.dest] = o.default;
  const seen = new Set();
  const positionals = [];
  const unrecognized = [];
  const expectedPositionals = (table.positional ?? []).length;
  // Extras are reported in command-line order, as argparse does.
  const positional = (token) => (positionals.length < expectedPositionals ? positionals.push(token) : unrecognized.push(token));
  const lookup = (name) => {
    if (byName.has(name)) return byName.get(name);
    if (!allowAbbrev) return undefined;
    const matches = [...byName.keys()].filter((n) => n.startsWith(name));
    const distinct = [...new Set(matches.map((n) => byName.get(n)))];
    if (distinct.length > 1) throw new UsageError(`ambiguous option: ${name} could match ${matches.join(', ')}`);
    return distinct[0];
  };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      argv.slice(i + 1).forEach(positional);
      break;
    }
    if (!token.startsWith('-') || token === '-' || /^-\d/.test(token)) {
      positional(token);
      continue;
    }
    if (token === '-h' || token === '--help') throw new UsageError('', 0);
    const eq = token.indexOf('=');
    const name = eq > 0 ? token.slice(0, eq) : token;
    const inline = eq > 0 ? token.slice(eq + 1) : undefined;
    const option = lookup(name);
    if (!option) {
      unrecognized.push(token);
      continue;
    }
    seen.add(option.dest);
    if (isFlagKind(option.type)) {
      if (inline !== undefined) throw new UsageError(`argument ${option.names.join('/')}: ignored explicit argument '${inline}'`);
      values[option.dest] = true;
      continue;
    }
    const takesValue = (t) => t !== undefined && (!t.startsWith('-') || /^-\d/.test(t));
    if (option.nargs === '+') {
      const list = inline !== undefined ? [inline] : [];
      while (takesValue(argv[i + 1])) list.push(argv[++i]);
      if (list.length === 0) throw new UsageError(`argument ${option.names.join('/')}: expected at least one argument`);
      values[option.dest] = list.map((v) => convert(option, v));
      continue;
    }
    if (option.nargs === '?') {
      if (inline !== undefined) values[option.dest] = convert(option, inline);
      else if (takesValue(argv[i + 1])) values[option.dest] = convert(option, argv[++i]);
      else values[option.dest] = option.constValue;
      continue;
    }
    const raw = inline ?? (takesValue(argv[i + 1]) ? argv[++i] : undefined);
    if (raw === undefined) throw new UsageError(`argument ${option.names.join('/')}: expected one argument`);
    values[option.dest] = convert(option, raw);
  }
  const missing = options.filter((o) => o.required && !seen.has(o.dest)).map((o) => o.flag);
  if (missing.length > 0) throw new UsageError(`the following arguments are required: ${missing.join(', ')}`);
  if (unrecognized.length > 0) throw new UsageError(`unrecognized arguments: ${unrecognized.join(' ')}`);
  return { values, positionals };
}

/** Runs `main(values)` after parsing; prints argparse-style usage errors and exits like Python would. */
export async function runArgparseTool(prog, table, argv, main) {
  let parsed;
  try {
    parsed = parseArgs(table, argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const required = table.options.filter((o) => o.required).map((o) => `${o.flag} ${o.flag.replace(/^-+/, '').replaceAll('-', '_').toUpperCase()}`);
    const usage = `usage: ${prog} [-h] ${[...required, '[options]'].join(' ')}`;
    if (error.status === 0) {
      process.stdout.write(`${usage}\n\nSTAND-IN for tests: options from ${table.tool ?? prog} reference table\n`);
      process.exit(0);
    }
    process.stderr.write(`${usage}\n${prog}: error: ${error.message}\n`);
    process.exit(error.status);
  }
  await main(parsed.values, parsed.positionals);
}
