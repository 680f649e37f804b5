/**
 * The sub-command `trtforge` runs for these argv, read the way commander reads them, when nothing but
 * the global options (--debug, -C/--root <dir>) comes before it; otherwise undefined (no command,
 * --help, `help <command>`, an unknown word or option, `--`). main() then registers only that command:
 * commander's parse, its help and its errors for a command depend on that command's own definition
 * alone, and building the other fifteen is start-up time every command would pay.
 */
export function invokedCommand(argv: readonly string[], names: ReadonlySet<string>): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--debug' || arg.startsWith('--root=') || (arg.startsWith('-C') && arg.length > 2)) continue;
    if (arg === '-C' || arg === '--root') {
      i++; // its <dir>, whatever it looks like (commander takes the next word for a required option argument)
      continue;
    }
    return names.has(arg) ? arg : undefined;
  }
  return undefined;
}
