import { byCodePoint } from '../code-point-order.js';
import type { ResolvedMount } from './types.js';

/**
 * Container path → host path, for running a plan without a container (`local`). The plan's
 * argv only contains container paths; on the host each mount target is replaced by its source.
 * Longest target wins, and only on a path boundary (`/trtforge/out` never rewrites `/trtforge/outer`).
 */
export class PathMap {
  private readonly entries: Array<{ target: string; host: string }>;

  constructor(mounts: ReadonlyArray<Pick<ResolvedMount, 'host' | 'target'>>) {
    this.entries = mounts
      .map((m) => ({ target: m.target.replace(/\/+$/, '') || '/', host: m.host.replace(/\/+$/, '') || '/' }))
      .sort((a, b) => b.target.length - a.target.length);
  }

  /** The host path for `path`, or `path` itself when it is under no mount. */
  toHost(path: string): string {
    for (const { target, host } of this.entries) {
      if (path === target) return host;
      if (path.startsWith(`${target}/`)) return host + path.slice(target.length);
    }
    return path;
  }

  /** Rewrites one argv element: `/x/y` and `--flag=/x/y` forms. */
  mapArg(arg: string): string {
    if (arg.startsWith('/')) return this.toHost(arg);
    const eq = arg.indexOf('=');
    if (arg.startsWith('-') && eq > 0 && arg[eq + 1] === '/') return arg.slice(0, eq + 1) + this.toHost(arg.slice(eq + 1));
    return arg;
  }

  /** Every mapping, container side first (for keys and reports). */
  pairs(): Array<[string, string]> {
    return this.entries.map((e) => [e.target, e.host] as [string, string]).sort((a, b) => byCodePoint(a[0], b[0]));
  }
}
