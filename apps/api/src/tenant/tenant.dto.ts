import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { OptionalText, OptionalUnsigned, RequiredName } from '../http/validators.js';

export class TenantConfigDto {
  @OptionalUnsigned('u64') max_connections_per_node?: number | null;
  @OptionalUnsigned('u32') max_create_connection_rate_per_second?: number | null;
  @OptionalUnsigned('u64') max_topics?: number | null;
  @OptionalUnsigned('u64') max_sessions?: number | null;
  @OptionalUnsigned('u32') max_publish_rate?: number | null;
}

/** Body of tenant create and update: the same fields and rules (RobustMQ's CreateTenantReq / UpdateTenantReq). */
export class TenantBodyDto {
  @RequiredName(128) tenant_name: string;
  @OptionalText(500) desc?: string | null;

  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => TenantConfigDto)
  config?: TenantConfigDto | null;
}

export class DeleteTenantDto {
  @RequiredName(128) tenant_name: string;
}
