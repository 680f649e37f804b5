import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../helpers/import-graph.js';
import { ROOT } from '../helpers/paths.js';

/**
 * The compile result cache is sound only if everything a compile reads is tracked: the spec's files
 * (load cache), the compiler's own code and data (code fingerprint), and every other host read
 * through HostFacts (recorded and checked again before a cached result is used). So only these
 * compiler modules may touch the filesystem or the environment directly; a lint that needs the host
 * asks ctx.host.
 */
const MAY_READ_THE_HOST: Record<string, string> = {
  'packages/compiler/src/backend/release-files.ts': 'release data under data/ (code fingerprint)',
  'packages/compiler/src/backend/convert-table.ts': 'release data under data/ (code fingerprint)',
  'packages/compiler/src/emit/plan-template.ts': 'templates/ and its precompiled copy (code fingerprint)',
  'packages/compiler/src/version.ts': "the compiler's package.json (code fingerprint)",
  'packages/compiler/src/code-fingerprint.ts': 'computes the code fingerprint',
  'packages/compiler/src/load/typecheck.ts': 'spec files and what they import (load cache dependencies)',
  'packages/compiler/src/load/read-source.ts': 'spec files (load cache key)',
  'packages/compiler/src/load/own-spec-api.ts': 'where a spec\'s import of the spec API resolves (load cache dependencies)',
  'packages/compiler/src/load/typecheck-mode.ts': 'whether every spec is type-checked (never changes a result)',
  'packages/compiler/src/load/load-specs.ts': 'the working directory (displayed paths, part of the result cache key)',
  'packages/compiler/src/load/load-cache.ts': 'the load cache itself',
  'packages/compiler/src/load/cache-file.ts': 'writes (and prunes) the caches\' entries',
  'packages/compiler/src/load/cache-dir.ts': 'where the caches live (never part of a result)',
  'packages/compiler/src/load/code-cache.ts': "TypeScript's own file and V8's compiled code of it (how TypeScript runs, never part of a result)",
  'packages/compiler/src/load/module-code-cache.ts': 'V8\'s compiled code of the CommonJS modules a compile loads (how they run, never part of a result)',
  'packages/compiler/src/emit/k8s/kube-memo.ts': 'the Kubernetes manifests\' memo itself (checked against what emit read of the spec and plan)',
  'packages/compiler/src/cache/result-cache.ts': 'the result cache itself',
  'packages/compiler/src/host/host-facts.ts': 'the recorded host reads',
  'packages/compiler/src/write/write-generated.ts': 'writes generated/ after compiling',
  'packages/compiler/src/compile.ts': 'the working directory (part of the result cache key)',
  'packages/compiler/src/cached.ts': 'the working directory (part of the result cache key)',
};

const HOST_ACCESS = /from 'node:(fs|fs\/promises|os|child_process)'|\bprocess\.env\b|\bprocess\.cwd\(/;

describe('host reads in the compiler', () => {
  const files = importGraph(ROOT).files.filter((f) => f.startsWith('packages/compiler/src/'));

  it('go through HostFacts everywhere but in the modules whose reads are tracked otherwise', () => {
    const direct = files.filter((f) => HOST_ACCESS.test(readFileSync(`${ROOT}/${f}`, 'utf8')));
    const untracked = direct.filter((f) => !(f in MAY_READ_THE_HOST));
    expect(untracked, 'read the host through ctx.host (HostFacts) so the result cache can check the answer').toEqual([]);
  });

  it('lists only modules that exist and still read the host', () => {
    const direct = new Set(files.filter((f) => HOST_ACCESS.test(readFileSync(`${ROOT}/${f}`, 'utf8'))));
    expect(Object.keys(MAY_READ_THE_HOST).filter((f) => !direct.has(f))).toEqual([]);
  });
});
