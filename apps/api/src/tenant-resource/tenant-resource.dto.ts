import { OptionalName, RequiredName } from '../http/validators.js';

/** The identity fields of a resource named within a tenant, as RobustMQ's ACL and blacklist requests check them. */
export const TenantField = () => RequiredName(64);
export const NameField = () => RequiredName(128);
/** The tenant of a resource whose requests may omit it for `default` (users, API-CONTRACT §5). */
export const OptionalTenantField = () => OptionalName(64);

/**
 * The body of their delete. Their create bodies declare the same two fields first rather than extend
 * this class, so that problems are reported in the body's field order (inherited fields come last).
 */
export class TenantResourceKeyDto {
  @TenantField() tenant: string;
  @NameField() name: string;
}
