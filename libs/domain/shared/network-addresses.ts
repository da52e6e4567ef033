import { isIP } from 'node:net';

/**
 * IP addresses and CIDR blocks for ACL rules and blacklist entries. Parsing is node:net's `isIP`, a pure
 * function (no I/O), which already refuses leading zeros in IPv4 octets (`01.2.3.4`), whitespace and
 * malformed IPv6, and accepts IPv4-mapped IPv6 (`::ffff:1.2.3.4`). It does accept a zone
 * (`fe80::1%eth0`), which names an interface of one host and means nothing to a broker's rule, so zones
 * are refused here first.
 */

const PREFIX_BITS = { 4: 32, 6: 128 } as const;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

export type IpFamily = keyof typeof PREFIX_BITS;

/** 4 or 6 for a valid address without a zone, otherwise undefined. */
export function ipFamily(text: string): IpFamily | undefined {
  if (text.includes('%')) return undefined;
  const family = isIP(text);
  return family === 4 || family === 6 ? family : undefined;
}

export function ipAddressProblem(text: string): string | undefined {
  if (text.includes('%')) return 'must not carry a zone (%...)';
  if (ipFamily(text) === undefined) return 'must be an IPv4 or IPv6 address';
  return undefined;
}

/**
 * `address/prefix`, prefix 0-32 for IPv4 and 0-128 for IPv6, in plain decimal. Host bits below the
 * prefix (`10.0.0.1/8`) are allowed, as most CIDR parsers (Rust's `ipnet` among them) allow them.
 */
export function cidrProblem(text: string): string | undefined {
  const parts = text.split('/');
  if (parts.length !== 2) return 'must be a CIDR block like 10.0.0.0/8 or 2001:db8::/32';
  const [address, prefix] = parts as [string, string];
  const addressProblem = ipAddressProblem(address);
  if (addressProblem !== undefined) return `address ${addressProblem}`;
  const maxBits = PREFIX_BITS[ipFamily(address) as IpFamily];
  if (!DECIMAL.test(prefix) || Number(prefix) > maxBits) return `prefix must be an integer 0-${maxBits}`;
  return undefined;
}

/** An ACL rule's `ip`: one address, or a CIDR block when it has a `/`. */
export function ipOrCidrProblem(text: string): string | undefined {
  return text.includes('/') ? cidrProblem(text) : ipAddressProblem(text);
}
