import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { tenantList } from '#libs/read-models/tenant';
import { FilterParameter, ListQueryDto, SortFieldParameter } from '../http/list-query.dto.js';
import { OptionalText, OptionalUnsigned, RequiredName } from '../http/validators.js';
import { Integer, Nested, Text, UnixSeconds } from '../openapi/response-fields.js';

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

  @ApiPropertyOptional({
    type: () => TenantConfigDto,
    nullable: true,
    description: "the tenant's limits; an omitted field keeps its value (update) or default (create)",
  })
  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => TenantConfigDto)
  config?: TenantConfigDto | null;
}

export class DeleteTenantDto {
  @RequiredName(128) tenant_name: string;
}

/** `GET .../tenant/list`: the shared list parameters, sortable by name, filtered by a substring of the name. */
export class TenantListQueryDto extends ListQueryDto {
  @SortFieldParameter(tenantList) sort_field?: string;
  @FilterParameter() tenant_name?: string;
}

/** A tenant's limits as rows show them: every field, defaults filled in. */
export class TenantConfigRow {
  @Integer() max_connections_per_node: number;
  @Integer() max_create_connection_rate_per_second: number;
  @Integer() max_topics: number;
  @Integer() max_sessions: number;
  @Integer() max_publish_rate: number;
}

/** A row of the tenant list. */
export class TenantRow {
  @Text() tenant_name: string;
  @Text() desc: string;
  @Nested(() => TenantConfigRow) config: TenantConfigRow;
  @UnixSeconds() create_time: number;
}
