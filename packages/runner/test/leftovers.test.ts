import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processesOf, removeDeadOwnersContainer, stopLeftovers } from '../src/process/leftovers.js';
import type { ContainerRuntime } from '../src/runtime/types.js';
import type { LockRecord } from '../src/store/lock.js';
import { currentOwner } from '../src/store/owner.js';

const owner: LockRecord = { ...currentOwner(), pid: 4242, token: 't', since: new Date().toISOString(), what: 'build', command: 'trtforge build x' };

/** A container CLI whose `rm --force <name>` prints `prints` (docker and podman print the names they removed). */
function fakeRuntime(prints: string): ContainerRuntime {
  return {
    name: 'docker',
    runsOnHost: false,
    invocation: () => ({ file: 'unused', args: [], env: {}, extendEnv: false }),
    imageId: async () => null,
    signalCommand: () => undefined,
    removeCommand: () => [process.execPath, '-e', `process.stdout.write(${JSON.stringify(prints)})`],
  };
}

describe('what a dead lock owner left', { timeout: 60_000 }, () => {
  it('its container is removed and said so; a container that was not there is not news', async () => {
    const reports: string[] = [];
    await removeDeadOwnersContainer(fakeRuntime('trtforge-m-build-abc-4242\n'), 'trtforge-m-build-abc-4242', owner, process.env, (m) => reports.push(m));
    expect(reports).toEqual(['removed container trtforge-m-build-abc-4242 left running by pid 4242']);
    await removeDeadOwnersContainer(fakeRuntime(''), 'trtforge-m-build-abc-4242', owner, process.env, (m) => reports.push(m));
    expect(reports).toHaveLength(1);
    // local runtime: no container name, nothing to run
    await removeDeadOwnersContainer(fakeRuntime('x'), undefined, owner, process.env, (m) => reports.push(m));
    expect(reports).toHaveLength(1);
  });

  it('its tools (found by their TRTFORGE_OWNER marker) are killed; others are not', async () => {
    const token = `test-${process.pid}-${Date.now()}`;
    const spawnWith = (marker: string) => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { env: { ...process.env, TRTFORGE_OWNER: marker }, stdio: 'ignore' });
    const tools = [spawnWith(token), spawnWith(token)];
    const bystander = spawnWith(`${token}-other`);
    try {
      await Promise.all([...tools, bystander].map((c) => new Promise((r) => c.once('spawn', r))));
      expect(processesOf(token).sort()).toEqual(tools.map((t) => t.pid).sort());
      expect(await stopLeftovers(token)).toBe(2);
      expect(processesOf(token)).toEqual([]);
      expect(processesOf(`${token}-other`)).toEqual([bystander.pid]);
    } finally {
      for (const child of [...tools, bystander]) child.kill('SIGKILL');
    }
  });
});
