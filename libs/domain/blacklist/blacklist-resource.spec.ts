import { blacklistResourceProblem } from './blacklist-resource.js';

describe('a blacklist entry resource_name, checked against its blacklist_type', () => {
  it.each([
    ['ClientId', 'bad_client'],
    ['User', 'mallory'],
    ['Ip', '192.168.1.7'],
    ['Ip', '2001:db8::1'],
    ['IPCIDR', '10.0.0.0/8'],
    ['IPCIDR', '2001:db8::/32'],
    ['ClientIdMatch', '^sensor-[0-9]+$'],
    ['UserMatch', 'guest.*'],
  ])('%s accepts %s', (type, resourceName) => {
    expect(blacklistResourceProblem(type, resourceName)).toBeUndefined();
  });

  it.each([
    ['Ip', '10.0.0.0/8', 'must be an IPv4 or IPv6 address (blacklist_type Ip)'],
    ['Ip', 'not-an-ip', 'must be an IPv4 or IPv6 address (blacklist_type Ip)'],
    ['IPCIDR', '192.168.1.7', 'must be a CIDR block like 10.0.0.0/8 or 2001:db8::/32 (blacklist_type IPCIDR)'],
    ['IPCIDR', '10.0.0.0/33', 'prefix must be an integer 0-32 (blacklist_type IPCIDR)'],
    ['ClientIdMatch', 'sensor-(', /^must be a valid regular expression \(.*\) \(blacklist_type ClientIdMatch\)$/],
    ['UserMatch', '(a+)+$', 'must not nest quantifiers (like (a+)+): it could take exponential time (blacklist_type UserMatch)'],
    ['UserMatch', '(a)\\1', 'must not use backreferences (the broker cannot run them) (blacklist_type UserMatch)'],
  ])('%s refuses %s', (type, resourceName, problem) => {
    if (typeof problem === 'string') expect(blacklistResourceProblem(type, resourceName)).toBe(problem);
    else expect(blacklistResourceProblem(type, resourceName)).toMatch(problem);
  });

  it('leaves an unknown type, even an Object.prototype name, to the blacklist_type rule', () => {
    expect(blacklistResourceProblem('Regex', '(')).toBeUndefined();
    expect(blacklistResourceProblem('constructor', '(')).toBeUndefined();
  });
});
