import { REDACTED, redactSecrets } from './secrets.js';

describe('secrets', () => {
  it('passwords, tokens and secrets are redacted at any depth, while password hashes are published', () => {
    const data = {
      username: 'alice',
      password: 'hunter2',
      password_hash: '$scrypt$abc',
      connector: { config: { sasl_password: 'p', accessToken: 't', client_secret: 's', token_name: 'ci' } },
      tokens: [{ token: 't1' }],
    };

    expect(redactSecrets(data)).toEqual({
      username: 'alice',
      password: REDACTED,
      password_hash: '$scrypt$abc',
      connector: { config: { sasl_password: REDACTED, accessToken: REDACTED, client_secret: REDACTED, token_name: 'ci' } },
      tokens: [{ token: REDACTED }],
    });
    expect(data.password).toBe('hunter2');
  });
});
