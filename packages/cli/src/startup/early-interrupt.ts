/**
 * Ctrl-C while trtforge is still loading (TypeScript and the compiler take most of a second) must
 * end like any other interrupt — one line, exit 130 — not by the default signal action. This
 * fallback is installed first thing by bin/trtforge.js and steps aside for good as soon as a
 * command installs its own handler (abortOnSignals, infer), which then owns the signal. Node-only
 * imports: it must load in a few milliseconds.
 */
const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

export function installEarlyInterrupt(): void {
  const signals = Object.keys(EXIT_CODES) as NodeJS.Signals[];
  const onSignal = (signal: NodeJS.Signals): void => {
    const color = process.stderr.isTTY && !process.env.NO_COLOR;
    process.stderr.write(`${color ? '\x1b[31m✗\x1b[39m' : '✗'} interrupted (${signal}) before any step started; nothing was stored\n`);
    process.exit(EXIT_CODES[signal]);
  };
  const stepAside = (event: string | symbol): void => {
    if (!signals.includes(event as NodeJS.Signals)) return;
    // 'newListener' fires before the new listener is added: removing ours right here would leave the
    // signal with no listener for a moment, and Node then stops catching it for good (the listener
    // added next gets no OS handler: Ctrl-C would kill trtforge outright). Step aside once it is in.
    process.nextTick(() => {
      process.off(event as NodeJS.Signals, onSignal);
      if (signals.every((s) => !process.listeners(s).includes(onSignal))) process.off('newListener', stepAside);
    });
  };
  for (const signal of signals) process.on(signal, onSignal);
  process.on('newListener', stepAside);
}
