// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Click semantics for trtllm-serve: exact option names (no abbreviations), `--opt value` or
// `--opt=value`, bare boolean flags, one positional MODEL; click's error format, exit status 2.

function usage(prog, message) {
  process.stderr.write(`Usage: ${prog} [OPTIONS] MODEL\nTry '${prog} --help' for help.\n\nError: ${message}\n`);
  process.exit(2);
}

export function parseClick(prog, table, argv) {
  const options = new Map(table.options.map((o) => [o.flag, o]));
  const values = {};
  for (const o of table.options) if (o.default !== null && o.default !== undefined) values[o.flag.slice(2)] = o.default;
  const positionals = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('--')) {
      positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = eq > 0 ? token.slice(0, eq) : token;
    const option = options.get(name);
    if (!option) usage(prog, `No such option: ${name}`);
    const key = name.slice(2);
    if (option.type === 'flag') {
      values[key] = true;
      continue;
    }
    const raw = eq > 0 ? token.slice(eq + 1) : argv[++i];
    if (raw === undefined) usage(prog, `Option '${name}' requires an argument.`);
    if (option.type === 'int' && !/^[-+]?\d+$/.test(raw)) usage(prog, `Invalid value for '${name}': '${raw}' is not a valid integer.`);
    if (option.type === 'float' && (raw.trim() === '' || Number.isNaN(Number(raw)))) usage(prog, `Invalid value for '${name}': '${raw}' is not a valid float.`);
    if (option.choices && !option.choices.includes(raw)) {
      const allowed = option.choices.length === 1 ? `'${option.choices[0]}'` : `one of ${option.choices.map((c) => `'${c}'`).join(', ')}`;
      usage(prog, `Invalid value for '${name}': '${raw}' is not ${allowed}.`);
    }
    values[key] = option.type === 'int' || option.type === 'float' ? Number(raw) : raw;
  }
  const expected = (table.positional ?? []).map((p) => p.name);
  if (positionals.length < expected.length) usage(prog, `Missing argument '${expected[positionals.length]}'.`);
  if (positionals.length > expected.length) usage(prog, `Got unexpected extra argument (${positionals.slice(expected.length).join(' ')})`);
  return { values, positionals };
}
