// Prototype (issue 13, not wired into the product): the entry of a Node user-land startup snapshot
// holding TypeScript and the parsed + bound declaration SourceFiles (lib.*.d.ts and the spec API's
// .d.ts). build.mjs bundles it (Node 20 runs a --build-snapshot entry as one script whose require()
// knows only built-in modules) and builds the blob; measure.mjs runs it.
//
// At build time (node --build-snapshot): create one program for a warm-up spec, type-check it (so
// every declaration file is parsed and bound), and keep those SourceFiles with the sha256 of their
// text. After deserializing, main() type-checks and evaluates the specs named on the command line
// with a CompilerHost that serves a held SourceFile when the file on disk still has that hash (else
// parses it as usual), and prints one JSON line per spec: its diagnostics, value and field locations, as
// packages/compiler/src/load/typecheck.ts would produce them.
//
// Run without a snapshot (`node bundle.cjs check <files>`), the same code parses everything: the
// "plain" row of measure.mjs, for attributing the gain.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import v8 from 'node:v8';
import ts from 'typescript';
import { checkOne, specCompilerOptions } from '../../dist/load/check-spec.js';

// The same options as the product's type-check (a held SourceFile is only valid for the options it was parsed and bound with).
const options = specCompilerOptions(ts);

/** Declaration SourceFiles parsed (and bound) when the snapshot was built: path → { hash, sourceFile }. */
const held = new Map();
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/* global TS_LIB_DIR */
// TypeScript finds lib.*.d.ts next to its own file (__dirname): in a bundle that is the bundle's
// directory, so build.mjs defines TS_LIB_DIR as typescript/lib (without this every lib file is
// silently missing and TS2322 is reported on the enclosing object instead of the field).
const libDir = TS_LIB_DIR;

function compilerHost(stats) {
  const host = ts.createCompilerHost(options);
  host.getDefaultLibLocation = () => libDir;
  host.getDefaultLibFileName = (o) => `${libDir}/${ts.getDefaultLibFileName(o)}`;
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const h = held.get(fileName);
    if (h) {
      const text = host.readFile(fileName);
      if (text !== undefined && sha256(text) === h.hash) {
        stats.reused++;
        return h.sourceFile;
      }
      stats.stale++;
    }
    stats.parsed++;
    return parse(fileName, languageVersion, onError, shouldCreate);
  };
  return host;
}

function typecheck(files, cwd) {
  const stats = { reused: 0, parsed: 0, stale: 0 };
  const program = ts.createProgram({ rootNames: files, options, host: compilerHost(stats) });
  const checker = program.getTypeChecker();
  // A missing lib shows here (Cannot find global type 'Array'), not in a spec's diagnostics.
  stats.globalDiagnostics = program.getGlobalDiagnostics().length;
  return {
    program,
    stats,
    results: files.map((file) => {
      const sf = program.getSourceFile(file);
      return sf ? checkSpec(sf, program, checker, file, cwd) : { file, unreadable: true };
    }),
  };
}

// The product's own per-spec check; the field locations travel as data (what the load cache stores).
function checkSpec(sf, program, checker, file, cwd) {
  const { locations, value, diagnostics } = checkOne(ts, sf, program, checker, file, cwd);
  return { file, locations: locations.toData(), value, diagnostics };
}

/** `check <model.ts>...`: one JSON line per spec; `noop`: nothing (the deserialize cost alone). */
function main(args) {
  const [command, ...files] = args;
  if (command === 'noop') return;
  if (command !== 'check') throw new Error(`usage: check <model.ts>... | noop (got ${command})`);
  const cwd = process.cwd();
  const { results, stats } = typecheck(files.map((f) => resolve(cwd, f)), cwd);
  for (const r of results) process.stdout.write(`${JSON.stringify({ ...r, stats, held: held.size })}\n`);
}

if (v8.startupSnapshot?.isBuildingSnapshot()) {
  const warm = process.env.SNAPSHOT_WARM_SPEC;
  if (!warm) throw new Error('SNAPSHOT_WARM_SPEC: the model.ts to parse the declarations with');
  // Parse, bind and check (no evaluation: a vm context is not something to keep in a snapshot).
  const stats = { reused: 0, parsed: 0, stale: 0 };
  const program = ts.createProgram({ rootNames: [resolve(warm)], options, host: compilerHost(stats) });
  program.getSemanticDiagnostics(program.getSourceFile(resolve(warm)));
  for (const sf of program.getSourceFiles()) {
    if (sf.fileName === resolve(warm)) continue;
    held.set(sf.fileName, { hash: sha256(sf.text), sourceFile: sf });
  }
  // In a deserialized process argv is [node, ...user args] (no script name).
  v8.startupSnapshot.setDeserializeMainFunction(() => main(process.argv.slice(1)));
} else {
  main(process.argv.slice(2));
}
