import fc from 'fast-check';

import { cidrProblem, ipAddressProblem, ipFamily, ipOrCidrProblem } from './network-addresses.js';

const byte = fc.integer({ min: 0, max: 255 });
const fourBytes = fc.tuple(byte, byte, byte, byte);
const whitespace = fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0');
const hexGroup = fc.integer({ min: 0, max: 0xffff }).map((group) => group.toString(16));
const hexGroups = (minLength: number, maxLength: number) => fc.array(hexGroup, { minLength, maxLength }).map((groups) => groups.join(':'));

describe('IP address properties', () => {
  it('every IPv4 a.b.c.d written from four bytes is accepted and reads back as the same bytes', () => {
    fc.assert(
      fc.property(fourBytes, (bytes) => {
        const text = bytes.join('.');
        expect(ipAddressProblem(text)).toBeUndefined();
        expect(ipFamily(text)).toBe(4);
        expect(text.split('.').map(Number)).toEqual(bytes);
        expect(ipAddressProblem(`::ffff:${text}`)).toBeUndefined();
      }),
    );
  });

  it('an IPv4 octet with a leading zero is refused', () => {
    fc.assert(
      fc.property(fourBytes, fc.integer({ min: 0, max: 3 }), (bytes, octet) => {
        const written = bytes.map((value, index) => (index === octet ? `0${value}` : `${value}`));
        expect(ipAddressProblem(written.join('.'))).toBe('must be an IPv4 or IPv6 address');
      }),
    );
  });

  it('an IPv4 address with an octet above 255 is refused', () => {
    fc.assert(
      fc.property(fourBytes, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 256, max: 99_999 }), (bytes, octet, tooBig) => {
        const written = bytes.map((value, index) => (index === octet ? tooBig : value));
        expect(ipAddressProblem(written.join('.'))).toBe('must be an IPv4 or IPv6 address');
      }),
    );
  });

  it('an IPv6 address of more than eight groups, or with two ::, is refused', () => {
    fc.assert(
      fc.property(hexGroups(9, 12), (text) => {
        expect(ipAddressProblem(text)).toBe('must be an IPv4 or IPv6 address');
      }),
    );
    fc.assert(
      fc.property(hexGroups(1, 2), hexGroups(1, 2), hexGroups(1, 2), (first, middle, last) => {
        expect(ipAddressProblem(`${first}::${middle}::${last}`)).toBe('must be an IPv4 or IPv6 address');
      }),
    );
  });

  it('every generated IPv6 address is accepted', () => {
    fc.assert(fc.property(fc.ipV6(), (text) => ipAddressProblem(text) === undefined && ipFamily(text) === 6));
  });

  it('whitespace around an address, or a zone after it, is refused', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), whitespace, fc.boolean(), (address, space, before) => {
        expect(ipAddressProblem(before ? space + address : address + space)).toBe('must be an IPv4 or IPv6 address');
      }),
    );
    fc.assert(
      fc.property(fc.ipV6(), fc.stringMatching(/^[a-z0-9]{1,8}$/), (address, zone) => {
        expect(ipAddressProblem(`${address}%${zone}`)).toBe('must not carry a zone (%...)');
      }),
    );
  });
});

describe('CIDR block properties', () => {
  it('every IPv4 address with a prefix 0-32, and every IPv6 address with a prefix 0-128, is a CIDR block', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (address, prefix) => cidrProblem(`${address}/${prefix}`) === undefined),
    );
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 0, max: 128 }), (address, prefix) => ipOrCidrProblem(`${address}/${prefix}`) === undefined),
    );
  });

  it('a prefix beyond the family range is refused', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 33, max: 100_000 }), (address, prefix) => {
        expect(cidrProblem(`${address}/${prefix}`)).toBe('prefix must be an integer 0-32');
      }),
    );
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 129, max: 100_000 }), (address, prefix) => {
        expect(cidrProblem(`${address}/${prefix}`)).toBe('prefix must be an integer 0-128');
      }),
    );
  });

  it('a block whose address part is not an address is refused, naming the address', () => {
    fc.assert(
      fc.property(fourBytes, fc.integer({ min: 256, max: 999 }), fc.integer({ min: 0, max: 32 }), (bytes, tooBig, prefix) => {
        expect(cidrProblem(`${[tooBig, ...bytes.slice(1)].join('.')}/${prefix}`)).toBe('address must be an IPv4 or IPv6 address');
      }),
    );
  });

  it('an ACL ip is a CIDR block exactly when it has a /, and an address otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), fc.option(fc.integer({ min: 0, max: 200 })), (address, prefix) => {
        const text = prefix === null ? address : `${address}/${prefix}`;
        expect(ipOrCidrProblem(text)).toBe(prefix === null ? ipAddressProblem(text) : cidrProblem(text));
        if (prefix === null) expect(ipOrCidrProblem(text)).toBeUndefined();
      }),
    );
  });

  it('a prefix written with a leading zero or a sign is refused', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), fc.constantFrom('0', '+', '-'), (address, prefix, mark) => {
        expect(cidrProblem(`${address}/${mark}${prefix}`)).toBe('prefix must be an integer 0-32');
      }),
    );
  });
});
