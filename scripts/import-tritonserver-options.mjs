#!/usr/bin/env node
// Imports tritonserver's command-line options at a Triton release branch as data the stand-in
// tritonserver and the argv tests read (packages/compiler/data/tensorrtllm_backend-<version>/tritonserver.json).
// Read from src/command_line_parser.cc: every option record `{OPTION_X, "name", Option::ArgY | "<format>", …}`
// (ArgNone → flag, ArgBool → bool, ArgInt → int, ArgFloat → float, ArgStr or a format string → str;
// the ParseOption<T> its case parses the value with, when it has one, wins);
// `choices` are the string literals its `case OPTION_X:` compares the value with when that case throws
// "invalid argument for --name" otherwise; `multiple` when that case accumulates (insert / push_back).
//
//   node scripts/import-tritonserver-options.mjs --git-dir <bare server mirror> --ref r25.01 0.17.0 [<more backend versions>]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ options: { 'git-dir': { type: 'string' }, ref: { type: 'string' } }, allowPositionals: true });
const gitDir = values['git-dir'];
const ref = values.ref;
if (!gitDir || !ref || positionals.length === 0) {
  console.error('usage: import-tritonserver-options.mjs --git-dir <server mirror> --ref <rYY.MM> <backendVersion>...');
  process.exit(1);
}
const git = (...args) => execFileSync('git', [`--git-dir=${gitDir}`, ...args], { encoding: 'utf8', maxBuffer: 1e8 });
const commit = git('rev-parse', `${ref}^{commit}`).trim();
const tritonVersion = git('show', `${commit}:TRITON_VERSION`).trim();
const source = git('show', `${commit}:src/command_line_parser.cc`);

const PARSED = { int: 'int', double: 'float', float: 'float', bool: 'bool' };
const TYPES = { ArgNone: 'flag', ArgBool: 'bool', ArgInt: 'int', ArgFloat: 'float', ArgStr: 'str' };
/** The body of `case OPTION_X:` up to its `break;` (or the next case label). */
function caseBody(id) {
  const start = source.indexOf(`case ${id}:`);
  if (start < 0) return '';
  const end = source.slice(start).search(/\bbreak;|\n\s*(case OPTION_\w+:|default:)/);
  return source.slice(start, end < 0 ? undefined : start + end);
}

const options = [];
for (const m of source.matchAll(/\{\s*(OPTION_\w+),\s*"([^"]+)",\s*(?:Option::(Arg\w+)|"([^"]*)")/g)) {
  const [, id, name, argType, format] = m;
  if (name === 'help') continue;
  const body = caseBody(id);
  const compared = [...body.matchAll(/==\s*"([^"]+)"/g)].map((c) => c[1]);
  const choices = compared.length > 0 && body.includes(`invalid argument for --${name}`) ? compared : null;
  // What the case parses the value as wins over the declared Option::ArgY (--metrics-interval-ms is
  // declared ArgFloat but parsed with ParseOption<int>).
  const parsed = /ParseOption<(int|double|float|bool)>/.exec(body)?.[1];
  const type = parsed ? PARSED[parsed] : argType ? TYPES[argType] : 'str';
  const option = { flag: `--${name}`, type, choices, multiple: /\.(insert|push_back|emplace_back|emplace)\(/.test(body) };
  if (format) option.format = format;
  if (!option.type) throw new Error(`unknown argument type ${argType} of --${name}`);
  options.push(option);
}

for (const version of positionals) {
  const out = {
    provenance: {
      repo: 'triton-inference-server/server', tag: ref, commit, exact: true,
      read: `src/command_line_parser.cc at the ${ref} branch head (TRITON_VERSION ${tritonVersion}), the server of the release's image; options extracted by scripts/import-tritonserver-options.mjs`,
    },
    tool: 'tritonserver',
    triton: ref.replace(/^r/, ''),
    note: 'getopt_long: --name=value or --name value; bool takes true/false/1/0/on/off. Options compiled in only with a build flag (HTTP, gRPC, metrics, tracing, SageMaker, Vertex AI) are listed: the NGC image enables them.',
    options,
  };
  writeFileSync(new URL(`../packages/compiler/data/tensorrtllm_backend-${version}/tritonserver.json`, import.meta.url), `${JSON.stringify(out, null, 1)}\n`);
  console.log(`tensorrtllm_backend-${version}/tritonserver.json: ${options.length} options at ${ref} ${commit.slice(0, 8)}`);
}
