import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built module, as bin/trtforge.js loads it (a child process cannot load the TypeScript source).
const EARLY_INTERRUPT = fileURLToPath(new URL('../dist/startup/early-interrupt.js', import.meta.url));

/** A node process that installs the fallback, then its own handler the way abortOnSignals does, then gets `signal`. */
function handOver(signal: 'SIGINT' | 'SIGTERM'): ReturnType<typeof spawnSync> {
  const script = `
    const { installEarlyInterrupt } = await import(${JSON.stringify(EARLY_INTERRUPT)});
    installEarlyInterrupt();
    process.on(${JSON.stringify(signal)}, () => { process.stdout.write('own handler'); process.exit(7); });
    setTimeout(() => process.kill(process.pid, ${JSON.stringify(signal)}), 0);
    setTimeout(() => process.exit(0), 30_000);
  `;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
}

describe('the early interrupt fallback hands the signal over to the command', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s after a command installed its handler reaches that handler, not the default action', (signal) => {
    const result = handOver(signal);
    expect({ status: result.status, signal: result.signal, stdout: result.stdout }).toEqual({ status: 7, signal: null, stdout: 'own handler' });
  });
});
