import { describe, expect, it } from 'vitest';
import { isSecretEnvName, maskSecrets, SecretMasker, secretValues } from '../src/index.js';

describe('secret env names', () => {
  it.each([
    'HF_TOKEN', 'NGC_API_KEY', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'DB_PASSWORD', 'MYSQL_PASSWD', 'GOOGLE_APPLICATION_CREDENTIALS',
    'NPM_CONFIG__AUTH', 'SSH_PRIVATE_KEY', 'OPENAI_APIKEY', 'hf_token', 'AZURE_CLIENT_SECRET', 'SIGNING_KEYS', 'GPG_PASSPHRASE',
  ])('%s is secret', (name) => expect(isSecretEnvName(name)).toBe(true));

  it.each(['PATH', 'HOME', 'PWD', 'OLDPWD', 'KEYBOARD_LAYOUT', 'MONKEY', 'CUDA_VISIBLE_DEVICES', 'TOKENIZERS_PARALLELISM', 'LANG', 'AUTHOR'])(
    '%s is not', (name) => expect(isSecretEnvName(name)).toBe(false));
});

describe('secretValues', () => {
  it('takes secret-named values and passEnv values, longest first, skipping short ones', () => {
    const env = { NGC_API_KEY: 'nvapi-abcdefgh', MY_VAR: 'plainvalue', SHORT_TOKEN: 'abc', PATH: '/usr/bin', DB_CONN: 'pg://u:p@h' };
    expect(secretValues(env, ['DB_CONN', 'UNSET'])).toEqual(['nvapi-abcdefgh', 'pg://u:p@h']);
  });

  it('a longer passEnv value comes before a shorter secret-named one', () => {
    const env = { NGC_API_KEY: 'nvapi-abcdefgh', DB_CONN: 'pg://user:password@host/db', MY_TOKEN: 'tok-12345678901' };
    expect(secretValues(env, ['DB_CONN'])).toEqual(['pg://user:password@host/db', 'tok-12345678901', 'nvapi-abcdefgh']);
  });
});

describe('maskSecrets', () => {
  it('masks values and credential shapes', () => {
    expect(maskSecrets('a=topsecret1 b=topsecret1', ['topsecret1'])).toBe('a=*** b=***');
    expect(maskSecrets(`t=hf_${'x'.repeat(34)}`, [])).toBe('t=hf_***');
  });

  it('ignores an empty value', () => {
    expect(maskSecrets('abc', [''])).toBe('abc');
  });
});

describe('SecretMasker (streamed output)', () => {
  const secrets = ['nvapi-SECRET-value-1', 'AKIAsecretsecret2', 'overlapping-secret'];
  const stream = 'NGC_API_KEY=nvapi-SECRET-value-1\nAWS=AKIAsecretsecret2 and nvapi-SECRET-value-1 end\nX=overlapping-secret\nlast n';

  it('masks a secret split across chunks at every possible boundary', () => {
    for (let size = 1; size <= stream.length; size++) {
      const masker = new SecretMasker(secrets);
      let out = '';
      for (let i = 0; i < stream.length; i += size) out += masker.write(stream.slice(i, i + size));
      out += masker.flush();
      expect(out, `chunks of ${size}`).toBe(maskSecrets(stream, secrets));
      for (const s of secrets) expect(out).not.toContain(s);
    }
  });

  it('masks at random boundaries', () => {
    for (let run = 0; run < 200; run++) {
      const masker = new SecretMasker(secrets);
      let out = '';
      let i = 0;
      while (i < stream.length) {
        const n = 1 + Math.floor(Math.random() * 12);
        out += masker.write(stream.slice(i, i + n));
        i += n;
      }
      expect(out + masker.flush()).toBe(maskSecrets(stream, secrets));
    }
  });

  it('writes a complete secret at the end of a chunk at once, masked', () => {
    const masker = new SecretMasker(['nvapi-SECRET-value-1']);
    expect(masker.write('key nvapi-SECRET-value-1')).toBe('key ***');
    expect(masker.flush()).toBe('');
  });

  it('a complete secret that ends inside the held-back start of another is masked whole', () => {
    const masker = new SecretMasker(['secret-ab', 'ab-other']);
    expect(masker.write('x secret-ab')).toBe('x ***');
    expect(masker.flush()).toBe('');
  });

  it('a shorter secret inside the held-back start of a longer one does not release that start', () => {
    for (const short of ['abcd', 'cdef']) {
      const masker = new SecretMasker(['abcdef-long', short]);
      expect(masker.write('x abcdef') + masker.write('-long\n') + masker.flush(), short).toBe('x ***\n');
    }
  });

  it('starts afresh after flush', () => {
    const masker = new SecretMasker(['nvapi-SECRET-value-1']);
    expect(masker.write('starts with n')).toBe('starts with ');
    expect(masker.flush()).toBe('n');
    expect(masker.write('next\n')).toBe('next\n');
  });

  it('does not hold back a line that ends in a newline', () => {
    const masker = new SecretMasker(['nvapi-SECRET-value-1']);
    expect(masker.write('progress 10%\n')).toBe('progress 10%\n');
    expect(masker.write('starts with n')).toBe('starts with ');
    expect(masker.flush()).toBe('n');
  });
});
