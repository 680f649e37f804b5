/**
 * How a client on the same host reaches a server bound to `host`: a wildcard bind (`0.0.0.0`,
 * `::`) is reached through loopback. Returned without IPv6 brackets (what `listen` and `connect` take).
 */
export function connectHost(host: string): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (bare === '0.0.0.0' || bare === '') return '127.0.0.1';
  if (bare === '::') return '::1';
  return bare;
}

/** `host` or `host:port` as a URL authority: IPv6 addresses in brackets. */
export function authority(host: string, port?: number): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return port === undefined ? h : `${h}:${port}`;
}
