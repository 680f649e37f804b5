/**
 * The one secret policy for everything trtforge writes or prints (logs, stdout/stderr, generated/,
 * the store): which environment variables hold secrets, and how their values are masked — in a
 * whole text or in a stream that arrives in arbitrary chunks. The compiler (TRT208, diagnostics),
 * the runner (step logs, the local runtime's environment) and the CLI (its own output) all call it.
 */

/**
 * Credential shapes that must never sit in a spec (it is committed) nor reach generated/ or logs.
 * Hugging Face user access tokens are `hf_` + 34 letters/digits today; 30+ leaves room for variants.
 */
export const SECRET_SHAPES: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: 'a Hugging Face access token', pattern: /hf_[A-Za-z0-9]{30,}/g },
  { name: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g },
  { name: 'an AWS access key id', pattern: /\bAKIA[0-9A-Z]{16}\b/g },
];

/**
 * Names of environment variables whose values are secrets: a `_`-separated word that is (or, for the
 * unambiguous ones, ends in) TOKEN, KEY, SECRET, PASSWORD, PASSWD, PASSPHRASE, CREDENTIAL(S), AUTH,
 * PRIVATE, APIKEY — HF_TOKEN, NGC_API_KEY, AWS_SECRET_ACCESS_KEY, DB_PASSWORD, GOOGLE_APPLICATION_CREDENTIALS,
 * NPM_CONFIG__AUTH, … Word boundaries keep PWD, KEYBOARD_LAYOUT or MONKEY_PATCH out.
 */
export const SECRET_ENV_NAME =
  /(?:^|_)(?:[A-Z0-9]*(?:TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|APIKEY|CREDENTIAL)S?|KEYS?|AUTH|PRIVATE)(?:_|$)/i;

/** Shorter values would match ordinary words; no real credential is this short. */
export const MIN_SECRET_LENGTH = 8;
/** passEnv values are secrets by declaration, so shorter ones are masked too (never 1–3 characters: they would mask ordinary text). */
const MIN_PASS_ENV_LENGTH = 4;

export const MASK = '***';

export function isSecretEnvName(name: string): boolean {
  return SECRET_ENV_NAME.test(name);
}

/** [name, value] of the secret-looking environment variables set in `env`, longest value first. */
export function secretEnv(env: Record<string, string | undefined> = process.env): Array<[string, string]> {
  return Object.entries(env)
    .filter((e): e is [string, string] => isSecretEnvName(e[0]) && typeof e[1] === 'string' && e[1].length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
}

/**
 * Every value to mask for a run: the secret-looking variables of `env` and the variables a step
 * receives by name (`passEnv`, whatever they are called). Longest first, so a secret that contains
 * another is masked whole.
 */
export function secretValues(env: Record<string, string | undefined>, passEnv: Iterable<string> = []): string[] {
  const values = new Set(secretEnv(env).map(([, value]) => value));
  for (const name of passEnv) {
    const value = env[name];
    if (typeof value === 'string' && value.length >= MIN_PASS_ENV_LENGTH) values.add(value);
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** `text` with every value in `values` (and every credential shape) replaced by `***`. */
export function maskSecrets(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) if (value && out.includes(value)) out = out.split(value).join(MASK);
  for (const { pattern } of SECRET_SHAPES) out = out.replace(pattern, (m) => `${m.slice(0, 3)}${MASK}`);
  return out;
}

/**
 * Masks a stream that arrives in chunks: a secret split across two chunks is still masked, because
 * the tail of a chunk that could be the start of a secret is held back until the next chunk (or
 * {@link SecretMasker.flush}) decides. Output that ends in a newline is never held back (no secret
 * spans lines), so line-oriented output is not delayed.
 */
export class SecretMasker {
  private pending = '';
  private readonly values: string[];

  constructor(values: readonly string[]) {
    this.values = values.filter(Boolean);
  }

  /** The part of `chunk` (plus what was held back) that is safe to write now, masked. */
  write(chunk: string): string {
    const text = this.pending + chunk;
    const keep = this.heldBack(text);
    this.pending = text.slice(text.length - keep);
    return maskSecrets(text.slice(0, text.length - keep), this.values);
  }

  /** Whatever is still held back (the stream ended: it was not a secret after all). */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return maskSecrets(rest, this.values);
  }

  /**
   * How many trailing characters to hold back: the longest suffix that is a proper prefix of a
   * secret, unless a full occurrence of that secret ends inside the suffix (that one is masked now).
   */
  private heldBack(text: string): number {
    let keep = 0;
    for (const value of this.values) {
      for (let n = Math.min(value.length - 1, text.length); n > keep; n--) {
        if (text.endsWith(value.slice(0, n))) {
          keep = n;
          break;
        }
      }
    }
    // A held-back tail must not cut a secret that starts before it and is complete: extend the cut
    // to the start of any occurrence that overlaps it, so maskSecrets sees whole values.
    let cut = text.length - keep;
    for (const value of this.values) {
      let at = text.indexOf(value, Math.max(0, cut - value.length + 1));
      while (at !== -1 && at < cut) {
        if (at + value.length > cut) cut = at + value.length;
        at = text.indexOf(value, at + 1);
      }
    }
    return text.length - Math.min(cut, text.length);
  }
}
