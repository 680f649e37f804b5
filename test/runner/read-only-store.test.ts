import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/workspace.js';

/**
 * Mode bits only bind users other than root, and moving a 0555 directory to another parent needs
 * write access to it (its `..`), so the read-only store is exercised as an unprivileged user:
 * writes into an entry fail, while the store's own remove and quarantine still work.
 */
const NOBODY = 65534;
const canDropPrivileges = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

const SCRIPT = `
import { writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
const { Store, composeKey } = await import(process.argv[3]);
const store = new Store(process.argv[2]);
const result = {};
async function commit(n) {
  const { key, components } = composeKey({ step: 'build', n });
  const temp = await store.createTemp('build', key);
  writeFileSync(join(temp.out, 'rank0.engine'), 'engine');
  return { key, entry: await store.commit(temp, { model: 'm', components }) };
}
const tryWrite = (path) => { try { writeFileSync(path, 'x'); return 'written'; } catch (e) { return e.code; } };
const a = await commit(1);
result.overwrite = tryWrite(join(a.entry.out, 'rank0.engine'));
result.create = tryWrite(join(a.entry.out, 'extra'));
result.lookup = (await store.lookup('build', a.key)).state;
await store.remove('build', a.key);
result.removed = !existsSync(a.entry.dir);
const b = await commit(2);
const moved = await store.quarantine('build', b.key, [{ file: 'rank0.engine', expected: 'x', actual: 'y' }]);
result.quarantined = !existsSync(b.entry.dir) && existsSync(join(moved.dir, 'out', 'rank0.engine')) && existsSync(join(moved.dir, 'quarantine.json'));
await store.removeQuarantined(moved);
result.quarantineRemoved = !existsSync(moved.dir);
console.log(JSON.stringify(result));
`;

describe.skipIf(!canDropPrivileges)('read-only entries, as an unprivileged user (setpriv to nobody)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trtforge-ro-'));
    chownSync(dir, NOBODY, NOBODY);
    writeFileSync(join(dir, 'script.mjs'), SCRIPT);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes into a committed entry fail; remove and quarantine (rename-then-delete) still work', () => {
    const store = join(dir, 'store');
    const out = execFileSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, join(dir, 'script.mjs'), store, join(REPO_ROOT, 'packages/runner/dist/index.js')], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ overwrite: 'EACCES', create: 'EACCES', lookup: 'ok', removed: true, quarantined: true, quarantineRemoved: true });
    expect(existsSync(join(store, 'trash'))).toBe(true);
  });
});
