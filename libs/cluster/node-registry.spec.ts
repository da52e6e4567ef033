import type { NetworkInterfaceInfo } from 'node:os';
import { nodeIp } from './node-registry.js';

const address = (family: 'IPv4' | 'IPv6', ip: string, internal: boolean) => ({ family, address: ip, internal }) as NetworkInterfaceInfo;

describe('nodeIp', () => {
  const interfaces = {
    lo: [address('IPv4', '127.0.0.1', true)],
    eth0: [address('IPv6', 'fe80::1', false), address('IPv4', '10.1.2.3', false)],
  };

  it('is the HTTP host when that is one address, else the first external IPv4 address, else loopback', () => {
    expect(nodeIp('192.168.0.7', interfaces)).toBe('192.168.0.7');
    expect(nodeIp('0.0.0.0', interfaces)).toBe('10.1.2.3');
    expect(nodeIp(undefined, interfaces)).toBe('10.1.2.3');
    expect(nodeIp('localhost', interfaces)).toBe('127.0.0.1');
    expect(nodeIp(undefined, { lo: interfaces.lo })).toBe('127.0.0.1');
  });
});
