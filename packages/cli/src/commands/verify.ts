import type { Command } from 'commander';
import { Option } from 'commander';
import pc from 'picocolors';
import type { VerifiedEntry } from '@trtforge/runner';
import { runner } from '../runner.js';
import { resolve } from 'node:path';
import { CliError } from '../cli-error.js';
import { abortOnSignals, fail } from './run/fail.js';
import { print } from './run/output.js';

interface VerifyFlags {
  store?: string;
  quarantine?: boolean;
  debug?: boolean;
}

const size = (bytes: number): string => (bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`);

function entryLines(e: VerifiedEntry): string[] {
  const status = e.status === 'ok' ? pc.green('ok     ') : pc.red('damaged');
  const note = e.upgraded ? pc.dim('  (written before digests: hashed now, digests recorded)') : '';
  const lines = [`  ${status} ${e.step.padEnd(8)} ${e.key.slice(0, 12)}  ${(e.model ?? '(entry.json unreadable)').padEnd(20)} ${size(e.bytes).padStart(9)}${note}`];
  for (const d of e.damage) lines.push(`          ${runner().formatDamage(d)}`);
  if (e.quarantinedTo) lines.push(`          moved to ${e.quarantinedTo}`);
  return lines;
}

/**
 * `trtforge verify [model]`: re-hashes every file of the model's store entries (or of the whole
 * store) against the sha256 recorded when each was built. Exit 1 when anything is damaged.
 */
export function registerVerify(program: Command): void {
  const command = program
    .command('verify')
    .description("re-hash the store entries of a model (or the whole store) against the digests recorded at build time; exit 1 on damage")
    .argument('[model]', 'only entries of this model (default: every entry)')
    .addOption(new Option('--store <dir>', 'the store to check (default ~/.cache/trtforge)').env('TRTFORGE_STORE'))
    .option('--quarantine', 'move damaged entries to <store>/quarantine/ now, so the next run rebuilds them');
  command.action(async (model: string | undefined) => {
    const flags = command.optsWithGlobals<VerifyFlags>();
    const interrupt = abortOnSignals();
    try {
      const { defaultStoreRoot, lockStaleMs, Store, verifyStore } = runner();
      const store = new Store(resolve(flags.store ?? defaultStoreRoot(process.env)));
      print(pc.bold(`trtforge verify ${model ?? '(every entry)'} (store ${store.root})`));
      const results = await verifyStore(store, {
        ...(model !== undefined ? { model } : {}),
        quarantine: flags.quarantine ?? false,
        lockStaleMs: lockStaleMs(process.env),
        signal: interrupt.signal,
        onEntry: (e) => entryLines(e).forEach((l) => print(l)),
      });
      const damaged = results.filter((e) => e.status === 'damaged');
      const hashed = results.reduce((sum, e) => sum + e.hashedBytes, 0);
      if (results.length === 0) {
        print(`no store entries${model !== undefined ? ` of ${model}` : ''} in ${store.root}`);
        return;
      }
      print(`${results.length} entr${results.length === 1 ? 'y' : 'ies'} checked, ${size(hashed)} hashed: ${damaged.length === 0 ? pc.green('all intact') : pc.red(`${damaged.length} damaged`)}`);
      if (damaged.length > 0) {
        const hint = flags.quarantine
          ? 'the next run rebuilds what was moved aside'
          : 'the next run that reads a damaged entry moves it aside and rebuilds it; `trtforge verify --quarantine` moves them now';
        throw new CliError(`${damaged.length} damaged store entr${damaged.length === 1 ? 'y' : 'ies'}: ${hint}`);
      }
    } catch (error) {
      // The runner's interrupt message speaks of steps to rerun; verify has none.
      if (runner().isRunnerError(error) && error.code === 'interrupted') fail(command, new CliError('verify interrupted before every entry was checked', 130), flags.debug);
      fail(command, error, flags.debug);
    } finally {
      interrupt.dispose();
    }
  });
}
