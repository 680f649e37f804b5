/**
 * Credential shapes that must never sit in a spec (it is committed) nor reach generated/ or logs.
 * Hugging Face user access tokens are `hf_` + 34 letters/digits today; 30+ leaves room for variants.
 */
export const SECRET_SHAPES: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: 'a Hugging Face access token', pattern: /hf_[A-Za-z0-9]{30,}/g },
  { name: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g },
  { name: 'an AWS access key id', pattern: /\bAKIA[0-9A-Z]{16}\b/g },
];

/** Environment variables whose values are secrets: HF_TOKEN, *_TOKEN, *_KEY, *_SECRET, *PASSWORD. */
export const SECRET_ENV_NAME = /(?:^HF_TOKEN$|_TOKEN$|_KEY$|_SECRET$|PASSWORD$)/i;

/** Shorter values would match ordinary words; no real credential is this short. */
const MIN_SECRET_LENGTH = 8;

/** [name, value] of the secret-looking environment variables set now, longest value first. */
export function secretEnv(env: NodeJS.ProcessEnv = process.env): Array<[string, string]> {
  return Object.entries(env)
    .filter((e): e is [string, string] => SECRET_ENV_NAME.test(e[0]) && typeof e[1] === 'string' && e[1].length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
}
