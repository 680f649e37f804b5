import { RunnerError } from '../../errors.js';
import { findCredentials, parseChallenge, type Credentials } from './credentials.js';
import { describeRemote, type RemoteTarget } from './reference.js';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

type Scope = 'pull' | 'pull,push';
type Body = () => RequestInit['body'];

export interface RequestOptions {
  headers?: Record<string, string>;
  /** A factory, so a request that meets an auth challenge can be sent again with a fresh stream. */
  body?: Body;
  /** Extra repositories the token must cover (cross-repository mount reads `from`). */
  alsoPull?: string[];
  /** Statuses the caller handles itself (everything else outside 2xx is an error). */
  accept?: number[];
}

/**
 * The HTTP half of the OCI distribution protocol over Node's fetch (undici): the token dance and
 * clear errors. What a request means (blobs, uploads, manifests) is in blobs.ts / manifests.ts.
 * Credentials are only ever put in Authorization headers; no message names them.
 */
export class RegistryClient {
  private readonly tokens = new Map<string, string>();
  private credentials: Promise<Credentials | undefined> | undefined;
  readonly base: string;

  constructor(readonly target: RemoteTarget, private readonly env: Record<string, string | undefined>, private readonly signal?: AbortSignal) {
    this.base = `${target.scheme}://${target.registry}`;
  }

  /** `/v2/<repository>/<rest>` (or an absolute URL a registry returned in Location). */
  url(pathOrUrl: string, repository = this.target.repository): string {
    if (/^https?:\/\//.test(pathOrUrl)) return pathOrUrl;
    if (pathOrUrl.startsWith('/')) return `${this.base}${pathOrUrl}`;
    return `${this.base}/v2/${repository}/${pathOrUrl}`;
  }

  private login(): Promise<Credentials | undefined> {
    this.credentials ??= findCredentials(this.target.registry, this.env);
    return this.credentials;
  }

  private scopeKey(scope: Scope, alsoPull: string[]): string {
    return [`repository:${this.target.repository}:${scope}`, ...alsoPull.map((r) => `repository:${r}:pull`)].join(' ');
  }

  async request(method: string, pathOrUrl: string, scope: Scope, options: RequestOptions = {}): Promise<Response> {
    const url = this.url(pathOrUrl);
    const scopeKey = this.scopeKey(scope, options.alsoPull ?? []);
    const send = async (): Promise<Response> => {
      const headers: Record<string, string> = { ...options.headers };
      const auth = this.tokens.get(scopeKey);
      if (auth) headers.authorization = auth;
      const body = options.body?.();
      const init: RequestInit & { duplex?: 'half' } = { method, headers, redirect: 'follow', ...(this.signal ? { signal: this.signal } : {}) };
      if (body !== undefined) {
        init.body = body;
        if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) init.duplex = 'half'; // a stream: sent as it is read
      }
      try {
        return await fetch(url, init);
      } catch (error) {
        if (this.signal?.aborted) throw error;
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new RunnerError('remote-unreachable', `cannot reach ${describeRemote(this.target)} (${method} ${redact(url)}): ${cause?.code ?? cause?.message ?? (error as Error).message}`, {
          hint: this.target.scheme === 'https' ? 'is the registry up and serving TLS? plain HTTP is used only on loopback or for registries listed in TRTFORGE_REMOTE_INSECURE' : 'is the registry up?',
        });
      }
    };
    let response = await send();
    if (response.status === 401) {
      const challenge = parseChallenge(response.headers.get('www-authenticate'));
      await response.body?.cancel();
      await this.authenticate(challenge, scopeKey);
      response = await send();
    }
    if ((response.status >= 200 && response.status < 300) || options.accept?.includes(response.status)) return response;
    throw await this.failure(method, url, response);
  }

  private async authenticate(challenge: ReturnType<typeof parseChallenge>, scopeKey: string): Promise<void> {
    const login = await this.login();
    const where = describeRemote(this.target);
    if (challenge?.scheme === 'basic') {
      if (!login) throw new RunnerError('remote-auth', `${where} asks for a login and none was found`, { hint: LOGIN_HINT });
      this.tokens.set(scopeKey, `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`);
      return;
    }
    if (challenge?.scheme !== 'bearer' || !challenge.params.realm) throw new RunnerError('remote-auth', `${where} refused the request (401) without a usable challenge`, { hint: LOGIN_HINT });
    const realm = new URL(challenge.params.realm);
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    for (const scope of scopeKey.split(' ')) realm.searchParams.append('scope', scope);
    const headers: Record<string, string> = {};
    if (login) headers.authorization = `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`;
    let response: Response;
    try {
      response = await fetch(realm, { headers, ...(this.signal ? { signal: this.signal } : {}) });
    } catch (error) {
      throw new RunnerError('remote-auth', `cannot reach the token service of ${where} (${realm.origin}): ${(error as Error).message}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new RunnerError('remote-auth', `the token service of ${where} refused ${login ? `the login from ${login.from}` : 'an anonymous request'} (HTTP ${response.status})`, { hint: LOGIN_HINT });
    }
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new RunnerError('remote-auth', `the token service of ${where} answered without a token`);
    this.tokens.set(scopeKey, `Bearer ${token}`);
  }

  private async failure(method: string, url: string, response: Response): Promise<RunnerError> {
    let detail = '';
    try {
      const body = (await response.json()) as { errors?: Array<{ code?: string; message?: string }> };
      detail = (body.errors ?? []).map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
    } catch {
      // not the JSON error body the spec describes: the status says enough
    }
    const where = describeRemote(this.target);
    if (response.status === 401 || response.status === 403) {
      return new RunnerError('remote-auth', `${where} refused ${method} ${redact(url)} (HTTP ${response.status}${detail ? `: ${detail}` : ''})`, { hint: LOGIN_HINT });
    }
    return new RunnerError('remote-failed', `${where}: ${method} ${redact(url)} failed with HTTP ${response.status}${detail ? ` (${detail})` : ''}`);
  }
}

const LOGIN_HINT = 'log in with `docker login` / `podman login`, or set REGISTRY_AUTH_FILE, or TRTFORGE_REGISTRY_USER and TRTFORGE_REGISTRY_PASSWORD';

/** Upload locations carry opaque state (`_state=…`): long and meaningless to a reader, so messages keep the path only. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname;
  } catch {
    return url;
  }
}
