import { cidrProblem, ipAddressProblem, regexProblem } from '../shared/index.js';
import type { BlacklistType } from './blacklist.events.js';

/** What `resource_name` must be for each type: brokers match it as such, so a wrong one would never match (or not compile). */
const RESOURCE_RULES: Readonly<Record<BlacklistType, (resourceName: string) => string | undefined>> = {
  ClientId: () => undefined,
  User: () => undefined,
  Ip: ipAddressProblem,
  IPCIDR: cidrProblem,
  ClientIdMatch: regexProblem,
  UserMatch: regexProblem,
};

/** The problem of a `resource_name` for its `blacklist_type`, or undefined; an unknown type is its own field's problem. */
export function blacklistResourceProblem(blacklistType: string, resourceName: string): string | undefined {
  if (!Object.hasOwn(RESOURCE_RULES, blacklistType)) return undefined;
  const problem = RESOURCE_RULES[blacklistType as BlacklistType](resourceName);
  return problem === undefined ? undefined : `${problem} (blacklist_type ${blacklistType})`;
}
