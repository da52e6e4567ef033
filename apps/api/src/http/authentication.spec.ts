import { createHash } from 'node:crypto';
import { BearerTokens, requiresToken } from './authentication.js';

const token = (name: string, secret: string) => ({ name, sha256: createHash('sha256').update(secret).digest() });
const tokens = new BearerTokens([token('ci', 'ci-token-0123456789'), token('ops', 'ops-token-0123456789')]);

describe('bearer tokens', () => {
  it('a known token authenticates as its name, whatever the case of "Bearer"', () => {
    expect(tokens.authenticate('Bearer ops-token-0123456789')).toEqual({ ok: true, actor: 'ops' });
    expect(tokens.authenticate('bearer ci-token-0123456789')).toEqual({ ok: true, actor: 'ci' });
  });

  it('no header, or an empty one, is missing; anything else that is not a known token is invalid', () => {
    expect(tokens.authenticate(undefined)).toEqual({ ok: false, failure: 'missing' });
    expect(tokens.authenticate('  ')).toEqual({ ok: false, failure: 'missing' });
    for (const header of ['Bearer wrong-token-0123456789', 'Basic Y2k6eA==', 'Bearer', 'Bearer a b', 'ci-token-0123456789']) {
      expect(tokens.authenticate(header)).toEqual({ ok: false, failure: 'invalid' });
    }
  });
});

describe('which paths need a token', () => {
  it('every path under /api, except the health checks', () => {
    expect(requiresToken('/api/cluster/tenant/list')).toBe(true);
    expect(requiresToken('/api')).toBe(true);
    expect(requiresToken('/api/nowhere')).toBe(true);
    expect(requiresToken('/api/cluster/healthy')).toBe(false);
    expect(requiresToken('/api/health/ready')).toBe(false);
  });

  it('no path outside /api', () => {
    expect(requiresToken('/health/ready')).toBe(false);
    expect(requiresToken('/metrics')).toBe(false);
    expect(requiresToken('/apiary')).toBe(false);
  });
});
