import { createHash } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who holds a lock or a temp dir: enough to tell, later and from another process, whether that
 * holder is still running. A pid alone is not: pids are recycled (hence the start time, field 22
 * of /proc/<pid>/stat), the same pid means another process on another host (a store on NFS) or in
 * another PID namespace (a container sharing the store), and after a reboot nothing survives.
 */
export interface Owner {
  pid: number;
  /** Start time of `pid` in clock ticks since boot (/proc/<pid>/stat field 22); null where there is no /proc. */
  start: string | null;
  host: string;
  /** /proc/sys/kernel/random/boot_id: a different boot means the owner is gone. */
  boot: string | null;
  /** /proc/self/ns/pid: pids are only comparable inside one PID namespace. */
  pidns: string | null;
  /** When the owner process started (ISO), for messages. */
  startedAt: string;
}

const readOr = <T>(read: () => T, fallback: T): T => {
  try {
    return read();
  } catch {
    return fallback;
  }
};

/** Field 22 (starttime) of /proc/<pid>/stat; comm (field 2) may contain spaces and parentheses. */
export function processStartTicks(pid: number): string | null {
  const stat = readOr(() => readFileSync(`/proc/${pid}/stat`, 'utf8'), '');
  const afterComm = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // afterComm[0] is field 3 (state), so field 22 is afterComm[19].
  return afterComm.length > 19 && /^\d+$/.test(afterComm[19]!) ? afterComm[19]! : null;
}

let self: Owner | undefined;

/** This process as an owner. */
export function currentOwner(): Owner {
  self ??= {
    pid: process.pid,
    start: processStartTicks(process.pid),
    host: hostname(),
    boot: readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(), null),
    pidns: readOr(() => readlinkSync('/proc/self/ns/pid'), null),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
  };
  return self;
}

/** A short tag for "this host, this boot, this PID namespace": where a pid means the same process. */
export function hostTag(owner: Owner): string {
  return createHash('sha256').update(`${owner.host}\n${owner.boot ?? ''}\n${owner.pidns ?? ''}`).digest('hex').slice(0, 8);
}

/** One string naming an owner process (pid + start time + host tag), used in temp dir names and as the tools' marker. */
export function ownerToken(owner: Owner): string {
  return `${owner.pid}.${owner.start ?? 'x'}.${hostTag(owner)}`;
}

/**
 * `alive` / `dead` when this process can tell, `unknown` for an owner on another host or in
 * another PID namespace (the caller then falls back to the lock's heartbeat).
 */
export function ownerState(owner: Pick<Owner, 'pid' | 'start' | 'host' | 'boot' | 'pidns'>): 'alive' | 'dead' | 'unknown' {
  const me = currentOwner();
  if (owner.host !== me.host) return 'unknown';
  if (owner.boot && me.boot && owner.boot !== me.boot) return 'dead';
  if (owner.pidns && me.pidns && owner.pidns !== me.pidns) return 'unknown';
  return pidState(owner.pid, owner.start);
}

/** Whether `pid` runs and is still the process that started at `start` ticks (not a recycled pid). */
export function pidState(pid: number, start: string | null): 'alive' | 'dead' {
  if (!Number.isInteger(pid) || pid <= 0) return 'dead';
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return 'dead';
  }
  const stat = readOr(() => readFileSync(`/proc/${pid}/stat`, 'utf8'), '');
  // A zombie has exited; only its parent has not collected it yet.
  if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return 'dead';
  if (start === null) return 'alive';
  const now = processStartTicks(pid);
  return now === null || now === start ? 'alive' : 'dead';
}

/** A temp-dir token (see {@link ownerToken}) whose owner ran in this host/boot/namespace and is gone. */
export function tokenOwnerIsDead(token: string): boolean {
  const match = /^(\d+)\.(\d+|x)\.([0-9a-f]{8})$/.exec(token);
  if (!match || match[3] !== hostTag(currentOwner())) return false;
  return pidState(Number(match[1]), match[2] === 'x' ? null : match[2]!) === 'dead';
}
