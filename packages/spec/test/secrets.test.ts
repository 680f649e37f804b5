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
});

describe('maskSecrets', () => {
  it('masks values and credential shapes', () => {
    expect(maskSecrets('a=topsecret1 b=topsecret1', ['topsecret1'])).toBe('a=*** b=***');
    expect(maskSecrets(`t=hf_${'x'.repeat(34)}`, [])).toBe('t=hf_***');
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

  it('does not hold back a line that ends in a newline', () => {
    const masker = new SecretMasker(['nvapi-SECRET-value-1']);
    expect(masker.write('progress 10%\n')).toBe('progress 10%\n');
    expect(masker.write('starts with n')).toBe('starts with ');
    expect(masker.flush()).toBe('n');
  });
});
