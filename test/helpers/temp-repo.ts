import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, ROOT } from './paths.js';

/**
 * A throwaway trtforge repository: models/<name>/model.ts files and a node_modules link to the
 * real workspace packages, so the CLI and the type-checker see exactly what a user's repo sees.
 */
export class TempRepo {
  readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'trtforge-test-'));
    writeFileSync(join(this.dir, 'package.json'), '{ "name": "tmp-repo", "private": true, "workspaces": ["models/*"] }\n');
    mkdirSync(join(this.dir, 'models'));
    symlinkSync(join(ROOT, 'node_modules'), join(this.dir, 'node_modules'), 'dir');
  }

  /** Writes models/<folder>/model.ts. */
  addModel(folder: string, source: string): string {
    const dir = join(this.dir, 'models', folder);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'model.ts');
    writeFileSync(file, source);
    return file;
  }

  /** Runs the real CLI in this repo. */
  trtforge(...args: string[]): { code: number; stdout: string; stderr: string } {
    return this.trtforgeWithEnv({}, ...args);
  }

  /** Runs the real CLI in this repo with `env` added to this process's environment (which stays untouched). */
  trtforgeWithEnv(env: Record<string, string>, ...args: string[]): { code: number; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: this.dir, encoding: 'utf8', env: { ...process.env, ...env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  /** Every file under generated/ with its bytes, for "byte-identical" checks. */
  snapshotGenerated(): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (d: string) => {
      let entries: string[];
      try { entries = readdirSync(d); } catch { return; }
      for (const e of entries) {
        const p = join(d, e);
        if (statSync(p).isDirectory()) walk(p);
        else out[p.slice(this.dir.length)] = readFileSync(p, 'utf8');
      }
    };
    walk(join(this.dir, 'generated'));
    return out;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A minimal valid spec literal body for `name`, to which tests add or override fields. */
export function specSource(name: string, body = ''): string {
  return `import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: '${name}',
  source: { modelDir: '/models/x' },
  triton: { excludeInputInOutput: true, maxBatchSize: 8 },
  build: { maxBatchSize: 8 },${body ? `\n  ${body}` : ''}
});
`;
}
