import { afterEach, describe, expect, it } from 'vitest';
import type { CompileResult } from '../src/compile.js';
import { maskSecrets } from '@trtforge/spec';
import { sanitizeResult } from '../src/sanitize-result.js';
import { SECRET_ENV_NAME, secretEnv } from '../src/lints/rules/hardening/secret-patterns.js';

// Token shapes are the issuers' documented formats: Hugging Face `hf_` + 34 alphanumerics,
// GitHub `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` + 36 and `github_pat_…`, AWS access key ids `AKIA` + 16.
const HF = `hf_${'A1b2C3d4E5'.repeat(3)}abcd`;
const GH = `ghp_${'x'.repeat(36)}`;
const GH_PAT = `github_pat_${'A_1'.repeat(8)}`;
const AWS = 'AKIAABCDEFGHIJKLMNOP';

describe('which environment variables hold secrets', () => {
  it('HF_TOKEN and every *_TOKEN, *_KEY, *_SECRET, *PASSWORD, in any case', () => {
    for (const name of ['HF_TOKEN', 'GITHUB_TOKEN', 'OPENAI_API_KEY', 'AWS_SECRET', 'CLIENT_SECRET', 'DB_PASSWORD', 'PASSWORD', 'hf_token', 'my_secret', 'db_password']) {
      expect(SECRET_ENV_NAME.test(name), name).toBe(true);
    }
  });

  // The policy is @trtforge/spec's (secrets.ts): any `_`-separated word that is one of those (plural
  // too) counts, wherever it stands — masking a path that is not a secret costs nothing, missing a
  // secret does. So TOKEN, KEY, HF_TOKEN_PATH, PASSWORD_FILE and XHF_TOKENS are secret names now.
  it('a secret word anywhere between underscores, and the other credential words', () => {
    for (const name of ['TOKEN', 'KEY', 'HF_TOKEN_PATH', 'PASSWORD_FILE', 'XHF_TOKENS', 'AWS_SECRET_ACCESS_KEY', 'NGC_API_KEY', 'SSH_KEYS',
      'DB_PASSWD', 'GPG_PASSPHRASE', 'GOOGLE_APPLICATION_CREDENTIALS', 'NPM_CONFIG__AUTH', 'MY_PRIVATE', 'SERVICE_APIKEY']) {
      expect(SECRET_ENV_NAME.test(name), name).toBe(true);
    }
  });

  it('not names that only contain those words inside another word', () => {
    for (const name of ['TOKENIZER_DIR', 'KEYBOARD', 'KEYBOARD_LAYOUT', 'MONKEY_PATCH', 'SECRETARY', 'PWD', 'HOME', 'AUTHOR', 'PRIVATEER', 'TOKENIZER']) {
      expect(SECRET_ENV_NAME.test(name), name).toBe(false);
    }
  });

  it('secretEnv: values of 8+ characters of those variables, longest first, then by name', () => {
    const env = {
      HF_TOKEN: 'abcdefgh',
      B_KEY: 'abcdefghij',
      A_KEY: 'zzzzzzzz',
      SHORT_TOKEN: 'abcdefg',
      X_SECRET: 'longer-than-all-others',
      APP_PASSWORD: 'p4ssw0rd!',
      PATH: '/usr/bin:/bin:/usr/local/bin',
      UNSET_TOKEN: undefined,
    };
    expect(secretEnv(env)).toEqual([
      ['X_SECRET', 'longer-than-all-others'],
      ['B_KEY', 'abcdefghij'],
      ['APP_PASSWORD', 'p4ssw0rd!'],
      ['A_KEY', 'zzzzzzzz'],
      ['HF_TOKEN', 'abcdefgh'],
    ]);
    expect(secretEnv({})).toEqual([]);
  });
});

describe('maskSecrets', () => {
  it('replaces every occurrence of each environment secret', () => {
    expect(maskSecrets('a s3cr3tvalue b s3cr3tvalue', ['s3cr3tvalue'])).toBe('a *** b ***');
    expect(maskSecrets('x-one-two-y', ['one-two', 'one'])).toBe('x-***-y');
  });

  it('masks token shapes even when no variable holds them, keeping their first three characters', () => {
    expect(maskSecrets(`token ${HF} end`, [])).toBe('token hf_*** end');
    expect(maskSecrets(`${GH} and ${GH_PAT}`, [])).toBe('ghp*** and git***');
    expect(maskSecrets(`key=${AWS};`, [])).toBe('key=AKI***;');
    expect(maskSecrets(`${HF} ${HF}`, [])).toBe('hf_*** hf_***');
  });

  it('leaves shorter look-alikes alone', () => {
    const text = `hf_${'a'.repeat(29)} ghp_${'x'.repeat(35)} github_pat_${'b'.repeat(21)} AKIA123 hf_main`;
    expect(maskSecrets(text, [])).toBe(text);
  });

  it('masks at the shortest length of each shape', () => {
    expect(maskSecrets(`hf_${'a'.repeat(30)}`, [])).toBe('hf_***');
    expect(maskSecrets(`gho_${'a'.repeat(36)}`, [])).toBe('gho***');
    expect(maskSecrets(`github_pat_${'b'.repeat(22)}`, [])).toBe('git***');
  });

  it('AWS key ids and GitHub tokens only as whole words', () => {
    const text = `xAKIAABCDEFGHIJKLMNOP AKIAABCDEFGHIJKLMNOPQ xghp_${'x'.repeat(36)}`;
    expect(maskSecrets(text, [])).toBe(text);
  });
});

describe('sanitizeResult: what leaves the compiler', () => {
  const saved = process.env.TRTFORGE_MUTATION_TEST_API_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.TRTFORGE_MUTATION_TEST_API_KEY;
    else process.env.TRTFORGE_MUTATION_TEST_API_KEY = saved;
  });

  const result = (source: string, message: string, hint?: string): CompileResult => ({
    name: 'm', file: '/x/m/model.ts', displayFile: 'models/m/model.ts', source,
    diagnostics: [{ severity: 'error', code: 'TRT207', file: 'models/m/model.ts', line: 1, column: 1, path: 'a', message, ...(hint === undefined ? {} : { hint }) }],
  });

  it('masks environment secrets and token shapes in the source, messages and hints', () => {
    process.env.TRTFORGE_MUTATION_TEST_API_KEY = 'sk-mutation-1234';
    const out = sanitizeResult(result(`a: 'sk-mutation-1234'\nb: '${HF}'`, `got sk-mutation-1234 and ${HF}`, `remove ${HF}`));
    expect(out.source).toBe("a: '***'\nb: 'hf_***'");
    expect(out.diagnostics[0]!.message).toBe('got *** and hf_***');
    expect(out.diagnostics[0]!.hint).toBe('remove hf_***');
    expect(out.name).toBe('m');
  });

  it('escapes control and bidi characters; keeps tabs, and a line-final \\r in source only', () => {
    const out = sanitizeResult(result('a\u001b[31m\tb\r\nc\u202e\rd\u0085', 'x\u0000y\tz\r', 'h\u2028i'));
    expect(out.source).toBe('a\\u001b[31m\tb\r\nc\\u202e\\u000dd\\u0085');
    expect(out.diagnostics[0]!.message).toBe('x\\u0000y\tz\\u000d');
    expect(out.diagnostics[0]!.hint).toBe('h\\u2028i');
  });

  it('keeps a diagnostic without a hint without one', () => {
    const out = sanitizeResult(result('', 'm'));
    expect('hint' in out.diagnostics[0]!).toBe(false);
  });

  it('a hint ending in \\r is escaped like a message (only source lines keep it)', () => {
    expect(sanitizeResult(result('', 'm', 'h\r')).diagnostics[0]!.hint).toBe('h\\u000d');
  });

  it('a diagnostic code frame (source) is masked, escaped and cut per line like the source', () => {
    process.env.TRTFORGE_MUTATION_TEST_API_KEY = 'sk-mutation-1234';
    const base = result('', 'm');
    const frame = `1 | a: 'sk-mutation-1234'\r\n2 | b\u001b\t${'c'.repeat(600)}`;
    const out = sanitizeResult({ ...base, diagnostics: [{ ...base.diagnostics[0]!, source: frame }] });
    expect(out.diagnostics[0]!.source).toBe(`1 | a: '***'\r\n2 | b\\u001b\t${'c'.repeat(499 - 12)}…`);
  });

  it('cuts messages at 1000 and source lines at 500 characters', () => {
    const out = sanitizeResult(result(`${'s'.repeat(500)}\n${'t'.repeat(501)}`, 'm'.repeat(1001), 'h'.repeat(1000)));
    expect(out.source).toBe(`${'s'.repeat(500)}\n${'t'.repeat(499)}…`);
    expect(out.diagnostics[0]!.message).toBe(`${'m'.repeat(999)}…`);
    expect(out.diagnostics[0]!.hint).toBe('h'.repeat(1000));
  });
});
