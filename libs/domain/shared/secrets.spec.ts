import { REDACTED, redactSecrets, redactUrlSecrets } from './secrets.js';

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

  it('a URL keeps its path and query, but not the values of sensitive query parameters', () => {
    expect(redactUrlSecrets('/api/cluster/user/list?tenant=a&access_token=t0k3n&%50assword=pw&x=1')).toBe(
      `/api/cluster/user/list?tenant=a&access_token=${REDACTED}&%50assword=${REDACTED}&x=1`,
    );
    expect(redactUrlSecrets('/api/cluster/tenant/list')).toBe('/api/cluster/tenant/list');
    expect(redactUrlSecrets('/a?token&bad%=1&password_hash=h')).toBe('/a?token&bad%=1&password_hash=h');
  });
});
