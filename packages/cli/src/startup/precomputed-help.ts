import { readFileSync } from 'node:fs';
import { isatty } from 'node:tty';

/**
 * `trtforge --help` (or `-h`, alone) without loading the commands: prints the text commander printed
 * for it when the bundle was built (scripts/bundle.mjs writes dist/bundle/help.txt by running the
 * bundle itself; a test holds them byte-identical). Only when commander would print exactly that:
 * stdout is not a terminal (commander then wraps at 80 columns instead of the terminal's width) and
 * no FORCE_COLOR / CLICOLOR_FORCE asks for colour. Otherwise, or without the file, returns false
 * and the caller runs commander. Node-only imports: part of the bundle's startup file.
 */
export function printPrecomputedHelp(argv: readonly string[], env: Record<string, string | undefined>, file: string): boolean {
  const args = argv.slice(2);
  if (args.length !== 1 || (args[0] !== '--help' && args[0] !== '-h')) return false;
  if (env.FORCE_COLOR || env.CLICOLOR_FORCE !== undefined || isatty(1)) return false;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  process.stdout.write(text);
  return true;
}
