import { RequiredName } from '../http/validators.js';

/**
 * The identity of a resource named within a tenant, as RobustMQ's ACL and blacklist requests carry it
 * (tenant 1-64, name 1-128 characters): the body of their delete, and the start of their create.
 */
export class TenantResourceKeyDto {
  @RequiredName(64) tenant: string;
  @RequiredName(128) name: string;
}
