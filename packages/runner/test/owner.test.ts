// Owner identity (store/owner.ts): what a lock or temp dir records about its holder, and how another
// process decides the holder is gone. Oracles are independent of the module: /proc/stat's btime and
// CLK_TCK for start times, /proc/sys/kernel/random/boot_id, os.hostname(), a real zombie process.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentOwner, hostTag, ownerState, ownerToken, pidState, processStartTicks, tokenOwnerIsDead, type Owner } from '../src/store/owner.js';

const children: ChildProcess[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

const SPAWNS = { timeout: 60_000 };
const FILE_LOADED_AT = Date.now();
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const BOOT_SECONDS = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))![1]);
/** Wall-clock ms at which a process with this start (ticks since boot) started. */
const startedAtMs = (ticks: string): number => (BOOT_SECONDS + Number(ticks) / CLK_TCK) * 1000;

async function spawned(argv: string[]): Promise<ChildProcess> {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  await new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return child;
}

const procState = (pid: number): string => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return '';
  }
};

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('processStartTicks (field 22 of /proc/<pid>/stat)', SPAWNS, () => {
  it('is when the process started, by the kernel clock (btime + ticks / CLK_TCK)', async () => {
    const before = Date.now();
    const child = await spawned([process.execPath, '-e', 'setInterval(() => {}, 1000)']);
    const ticks = processStartTicks(child.pid!);
    expect(ticks).toMatch(/^\d+$/);
    // btime is whole seconds and ticks are 1/CLK_TCK: allow that rounding, and no more.
    expect(startedAtMs(ticks!)).toBeGreaterThanOrEqual(before - 2_000);
    expect(startedAtMs(ticks!)).toBeLessThanOrEqual(Date.now() + 2_000);
  });

  it('still reads field 22 when the command name holds spaces and parentheses', async () => {
    // GIVEN a process whose comm (field 2) is "a) b (c d" — prctl(PR_SET_NAME) via process.title
    const child = await spawned([process.execPath, '-e', "process.title = 'a) b (c d'; console.log('titled'); setInterval(() => {}, 1000)"]);
    const before = processStartTicks(child.pid!);
    await new Promise((resolve) => child.stdout!.once('data', resolve));
    expect(readFileSync(`/proc/${child.pid}/stat`, 'utf8')).toContain('(a) b (c d)');
    // THEN the start time is the same as before the rename, and still the real one
    expect(processStartTicks(child.pid!)).toBe(before);
    expect(Math.abs(startedAtMs(before!) - Date.now())).toBeLessThan(120_000);
  });

  it('is null for a pid without /proc entry', () => {
    expect(processStartTicks(2 ** 30)).toBeNull();
  });
});

describe('currentOwner', () => {
  it('names this process: pid, its start ticks, host, boot id, PID namespace, start time', async () => {
    // A fresh copy of the module: the owner is computed once per module, here inside the test.
    vi.resetModules();
    const fresh = await import('../src/store/owner.js');
    const me = fresh.currentOwner();
    expect(me.pid).toBe(process.pid);
    expect(me.start).toBe(processStartTicks(process.pid));
    expect(me.host).toBe(hostname());
    expect(me.boot).toBe(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
    expect(me.boot).toMatch(/^[0-9a-f-]{36}$/);
    expect(me.pidns).toBe(readlinkSync('/proc/self/ns/pid'));
    // startedAt is this process's start: not before the kernel says it began (btime is whole seconds), and
    // before this test file was loaded (node's own start may lag the kernel's on a loaded machine).
    expect(Date.parse(me.startedAt)).toBeGreaterThanOrEqual(startedAtMs(me.start!) - 2_500);
    expect(Date.parse(me.startedAt)).toBeLessThanOrEqual(FILE_LOADED_AT);
    // computed once, then the same object
    expect(fresh.currentOwner()).toBe(me);
  });
});

describe('hostTag and ownerToken', () => {
  const me = currentOwner();
  const sha8 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);

  it('the tag is 8 hex digits of sha256("host\\nboot\\npidns"), absent parts empty', () => {
    expect(hostTag(me)).toBe(sha8(`${me.host}\n${me.boot}\n${me.pidns}`));
    expect(hostTag({ ...me, boot: null, pidns: null })).toBe(sha8(`${me.host}\n\n`));
  });

  it('differs for another host, another boot or another PID namespace', () => {
    const tags = [me, { ...me, host: 'other' }, { ...me, boot: 'other-boot' }, { ...me, pidns: 'pid:[1]' }].map(hostTag);
    expect(new Set(tags).size).toBe(4);
  });

  it('the token is pid.start.tag, with "x" for an unknown start', () => {
    expect(ownerToken(me)).toBe(`${me.pid}.${me.start}.${hostTag(me)}`);
    expect(ownerToken({ ...me, pid: 7, start: null })).toBe(`7.x.${hostTag(me)}`);
  });
});

describe('ownerState', SPAWNS, () => {
  const me = currentOwner();
  it('another PID namespace on this host and boot cannot be judged: unknown', () => {
    expect(ownerState({ ...me, pidns: 'pid:[4026531836]-elsewhere' })).toBe('unknown');
  });

  it('missing boot id or namespace (an owner without /proc) falls back to the pid check', () => {
    expect(ownerState({ ...me, boot: null })).toBe('alive');
    expect(ownerState({ ...me, pidns: null })).toBe('alive');
    expect(ownerState({ ...me, boot: null, pidns: null, start: String(Number(me.start) + 1) })).toBe('dead');
  });

  it('another host is unknown even when its boot id differs (its boot says nothing about ours)', () => {
    expect(ownerState({ ...me, host: 'gpu-node-7', boot: 'another-boot' })).toBe('unknown');
  });
});

describe('pidState', SPAWNS, () => {
  it('pid 0, negative and non-integer pids are dead (0 would signal our own process group)', () => {
    for (const pid of [0, -1, -process.pid, 1.5, Number.NaN]) expect(pidState(pid, null), String(pid)).toBe('dead');
  });

  it('a live pid is alive without a start time and with its own; dead with another one', () => {
    const start = processStartTicks(process.pid)!;
    expect(pidState(process.pid, null)).toBe('alive');
    expect(pidState(process.pid, start)).toBe('alive');
    expect(pidState(process.pid, `${start}0`)).toBe('dead');
  });

  it('a zombie (exited, not yet collected by its parent) is dead', async () => {
    // GIVEN a python parent that forks a child which exits at once, and never collects it (python sets no SIGCHLD handler)
    const child = await spawned(['python3', '-c', 'import os, time\npid = os.fork()\nif pid == 0:\n    os._exit(0)\nprint(pid, flush=True)\ntime.sleep(1000)']);
    const pid = Number(await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()))));
    // Waiting for a state of the kernel (bounded by the test timeout), not for time to pass.
    while (procState(pid) !== 'Z') await new Promise((resolve) => setTimeout(resolve, 5));
    expect(pidState(pid, null)).toBe('dead');
    expect(pidState(pid, processStartTicks(pid))).toBe('dead');
  });

  it("EPERM means the process exists (another user's): alive; any other kill error means gone", () => {
    const start = processStartTicks(process.pid)!;
    vi.spyOn(process, 'kill').mockImplementation(() => {
      throw errno('EPERM');
    });
    expect(pidState(process.pid, start)).toBe('alive');
    vi.spyOn(process, 'kill').mockImplementation(() => {
      throw errno('ESRCH');
    });
    expect(pidState(process.pid, start)).toBe('dead');
  });

  it('a pid that answers kill but has no /proc entry (no /proc at all) counts as alive', () => {
    vi.spyOn(process, 'kill').mockImplementation(() => true);
    expect(pidState(2 ** 30, '12345')).toBe('alive');
    expect(pidState(2 ** 30, null)).toBe('alive');
  });
});

describe('tokenOwnerIsDead (temp dir names)', SPAWNS, () => {
  const me = currentOwner();
  const tag = hostTag(me);

  async function deadPid(): Promise<{ pid: number; start: string }> {
    const child = await spawned([process.execPath, '-e', 'setInterval(() => {}, 1000)']);
    const start = processStartTicks(child.pid!)!;
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    return { pid: child.pid!, start };
  }

  it('true for a gone owner of this host, boot and namespace, with or without a start time', async () => {
    const dead = await deadPid();
    expect(tokenOwnerIsDead(`${dead.pid}.${dead.start}.${tag}`)).toBe(true);
    expect(tokenOwnerIsDead(`${dead.pid}.x.${tag}`)).toBe(true);
  });

  it('false for a live owner; true for its pid with another start time (recycled)', () => {
    expect(tokenOwnerIsDead(ownerToken(me))).toBe(false);
    expect(tokenOwnerIsDead(`${me.pid}.x.${tag}`)).toBe(false);
    expect(tokenOwnerIsDead(`${me.pid}.${me.start}1.${tag}`)).toBe(true);
  });

  it('false for another host tag, and for anything that is not exactly pid.start.tag', async () => {
    const dead = await deadPid();
    const other = hostTag({ ...me, host: 'other' });
    for (const token of [
      `${dead.pid}.${dead.start}.${other}`,
      `${dead.pid}.${dead.start}.${tag}x`,
      `x${dead.pid}.${dead.start}.${tag}`,
      `${dead.pid}.${dead.start}.${tag.slice(1)}`,
      `${dead.pid}.${dead.start}`,
      `${dead.pid}..${tag}`,
      `${dead.pid}.y.${tag}`,
      `.${dead.start}.${tag}`,
    ]) {
      expect(tokenOwnerIsDead(token), token).toBe(false);
    }
  });

  it('reads multi-digit pids and start times whole', async () => {
    const dead = await deadPid();
    expect(String(dead.pid).length).toBeGreaterThan(1);
    expect(dead.start.length).toBeGreaterThan(1);
    // A start differing only in its last digit is another process: the live pid with it is "recycled".
    const me2: Owner = { ...me, start: `${me.start!.slice(0, -1)}${(Number(me.start!.slice(-1)) + 1) % 10}` };
    expect(tokenOwnerIsDead(ownerToken(me2))).toBe(true);
  });
});
