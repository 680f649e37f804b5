/**
 * POSIX single-quoting for *display only* — PLAN.md lines a person may paste, dry-run output and
 * logs. trtforge itself never runs a shell: processes are always started with an argv array.
 */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** An argv as one pasteable command line. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
