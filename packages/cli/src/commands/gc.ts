import type { Command } from 'commander';
import { Option } from 'commander';
import pc from 'picocolors';
import type { GcEntry } from '@trtforge/runner';
import { runner } from '../runner.js';
import { resolve } from 'node:path';
import { fail } from './run/fail.js';
import { nonNegativeNumber } from './run/number-options.js';
import { print } from './run/output.js';

interface GcFlags {
  store?: string;
  dryRun?: boolean;
  minAge: number;
  debug?: boolean;
}

const size = (bytes: number): string => (bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`);
const line = (e: GcEntry): string => `${e.step.padEnd(8)} ${e.key.slice(0, 12)}  ${e.model.padEnd(20)} ${size(e.bytes).padStart(9)}  ${e.createdAt.slice(0, 16).replace('T', ' ')}`;

/**
 * `trtforge gc`: frees the store of checkpoints, engines and repositories that no checkout's
 * manifests reference any more (each superseded engine is GBs). Entries in use by a running step,
 * or newer than --min-age, stay.
 */
export function registerGc(program: Command): void {
  const command = program
    .command('gc')
    .description('remove store entries (checkpoints, engines, repositories) no model references any more')
    .addOption(new Option('--store <dir>', 'the store to clean (default ~/.cache/trtforge)').env('TRTFORGE_STORE'))
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--min-age <hours>', 'keep entries younger than this (a run may not have recorded them yet)', nonNegativeNumber, 1);
  command.action(async () => {
    const flags = command.optsWithGlobals<GcFlags>();
    try {
      const { collectGarbage, defaultStoreRoot, lockStaleMs, Store } = runner();
      const store = new Store(resolve(flags.store ?? defaultStoreRoot(process.env)));
      const result = await collectGarbage(store, { dryRun: flags.dryRun ?? false, minAgeMs: flags.minAge * 3_600_000, lockStaleMs: lockStaleMs(process.env) });
      print(pc.bold(`trtforge gc (store ${store.root}; ${result.roots} state dir${result.roots === 1 ? '' : 's'} reference it)`));
      for (const e of result.removed) print(`  ${pc.red(flags.dryRun ? 'would remove' : 'removed     ')} ${line(e)}`);
      for (const e of result.quarantineRemoved) print(`  ${pc.red(flags.dryRun ? 'would remove' : 'removed     ')} ${line(e)}  (damaged; in quarantine/ since then)`);
      for (const name of result.temps) print(`  ${pc.red(flags.dryRun ? 'would remove' : 'removed     ')} tmp/${name}  (left by a run that is gone)`);
      for (const e of result.skipped) print(`  ${pc.yellow('kept        ')} ${line(e)}  (${e.why})`);
      print(`  ${result.kept.length} referenced entr${result.kept.length === 1 ? 'y' : 'ies'} kept (${size(result.kept.reduce((s, e) => s + e.bytes, 0))})`);
      print(`${flags.dryRun ? 'would free' : 'freed'} ${size(result.bytesFreed)}`);
    } catch (error) {
      fail(command, error, flags.debug);
    }
  });
}
