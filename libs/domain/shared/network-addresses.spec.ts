import { cidrProblem, ipAddressProblem, ipFamily, ipOrCidrProblem } from './network-addresses.js';

describe('IP addresses', () => {
  it.each([
    ['127.0.0.1', 4],
    ['0.0.0.0', 4],
    ['255.255.255.255', 4],
    ['::', 6],
    ['::1', 6],
    ['2001:db8::1', 6],
    ['::ffff:192.0.2.1', 6],
  ])('%s is an IPv%d address', (text, family) => {
    expect(ipAddressProblem(text)).toBeUndefined();
    expect(ipFamily(text)).toBe(family);
  });

  it.each(['01.2.3.4', '1.2.3.04', '256.1.1.1', '1.2.3', ' 1.2.3.4', '1.2.3.4\n', '1::2::3', '::ffff:01.2.3.4', 'localhost', ''])(
    '%j is refused',
    (text) => expect(ipAddressProblem(text)).toBe('must be an IPv4 or IPv6 address'),
  );

  it('an IPv6 zone is refused with its own reason', () => {
    expect(ipAddressProblem('fe80::1%eth0')).toBe('must not carry a zone (%...)');
    expect(ipFamily('fe80::1%eth0')).toBeUndefined();
  });
});

describe('CIDR blocks', () => {
  it.each(['10.0.0.0/8', '0.0.0.0/0', '192.0.2.1/32', '10.0.0.1/8', '2001:db8::/32', '::/0', '::1/128', '::ffff:10.0.0.0/104'])(
    '%s is a valid CIDR block',
    (text) => expect(cidrProblem(text)).toBeUndefined(),
  );

  it.each([
    ['10.0.0.0/33', 'prefix must be an integer 0-32'],
    ['2001:db8::/129', 'prefix must be an integer 0-128'],
    ['10.0.0.0/08', 'prefix must be an integer 0-32'],
    ['10.0.0.0/', 'prefix must be an integer 0-32'],
    ['10.0.0.0/+8', 'prefix must be an integer 0-32'],
    ['10.0.0.0/ 8', 'prefix must be an integer 0-32'],
    ['10.0.0.0', 'must be a CIDR block like 10.0.0.0/8 or 2001:db8::/32'],
    ['10.0.0.0/8/8', 'must be a CIDR block like 10.0.0.0/8 or 2001:db8::/32'],
    ['010.0.0.0/8', 'address must be an IPv4 or IPv6 address'],
    ['fe80::%eth0/64', 'address must not carry a zone (%...)'],
  ])('%j is refused: %s', (text, problem) => expect(cidrProblem(text)).toBe(problem));

  it('an ACL ip takes either one address or a CIDR block', () => {
    expect(ipOrCidrProblem('192.0.2.1')).toBeUndefined();
    expect(ipOrCidrProblem('192.0.2.0/24')).toBeUndefined();
    expect(ipOrCidrProblem('192.0.2.0/40')).toBe('prefix must be an integer 0-32');
    expect(ipOrCidrProblem('192.0.2')).toBe('must be an IPv4 or IPv6 address');
  });
});
