import { describe, expect, it } from 'vitest';
import { invokedCommand } from '../src/invoked-command.js';

const names = new Set(['plan', 'compile', 'cache']);
const run = (...args: string[]) => invokedCommand(['node', 'trtforge', ...args], names);

describe('invokedCommand: the one command main() registers', () => {
  it('is the first word when only global options come before it', () => {
    expect(run('plan', 'm')).toBe('plan');
    expect(run('--debug', 'compile')).toBe('compile');
    expect(run('-C', 'repo', 'plan', 'm', '--json')).toBe('plan');
    expect(run('-Crepo', 'plan')).toBe('plan');
    expect(run('--root', 'repo', '--debug', 'cache', 'push', 'm')).toBe('cache');
    expect(run('--root=repo', 'plan', '--help')).toBe('plan');
  });

  it("skips -C/--root's value whatever it looks like, as commander does", () => {
    expect(run('-C', 'plan', 'compile')).toBe('compile');
    expect(run('--root', '--debug', 'plan')).toBe('plan');
  });

  it('is undefined (every command registered) for help, no command, unknown words or options, and --', () => {
    expect(run()).toBeUndefined();
    expect(run('--help')).toBeUndefined();
    expect(run('-h', 'plan')).toBeUndefined();
    expect(run('help', 'plan')).toBeUndefined();
    expect(run('plna', 'm')).toBeUndefined();
    expect(run('--json', 'plan')).toBeUndefined();
    expect(run('--', 'plan')).toBeUndefined();
    expect(run('-C')).toBeUndefined();
  });
});
