import { SCHEMA_TYPES, type SchemaType } from '#libs/domain/schema';
import { topicFilterProblem } from '#libs/domain/shared';
import { schemaBindingList, schemaList } from '#libs/read-models/schema';
import { FilterParameter, ListQueryDto, SortFieldParameter } from '../http/list-query.dto.js';
import { OptionalName, OptionalText, RequiredOneOf, RequiredName, SatisfiesRule } from '../http/validators.js';
import { ApiProperty } from '@nestjs/swagger';
import { Among, Integer, Text, TextList, UnixSeconds } from '../openapi/response-fields.js';

/** The schema text's limit, in characters (API-CONTRACT §5). */
export const SCHEMA_MAX_CHARACTERS = 8192;

/** RobustMQ's CreateSchemaReq; that the text is a schema of its type is the domain's rule. */
export class CreateSchemaDto {
  @RequiredName(128) tenant: string;
  @RequiredName(128) schema_name: string;
  @RequiredOneOf(SCHEMA_TYPES) schema_type: SchemaType;
  @RequiredName(SCHEMA_MAX_CHARACTERS) schema: string;
  @OptionalText(500) desc?: string | null;
}

export class SchemaIdentityDto {
  @RequiredName(128) tenant: string;
  @RequiredName(128) schema_name: string;
}

/** `GET .../schema/list`: substrings of the tenant and of the name (API-CONTRACT §3). */
export class SchemaListQueryDto extends ListQueryDto {
  @SortFieldParameter(schemaList) sort_field?: string;
  @FilterParameter() tenant?: string;
  @FilterParameter() name?: string;
}

/** A binding's body. The RobustMQ dashboard sends no tenant: it defaults to `default` (API-CONTRACT §2). */
export class SchemaBindingDto {
  @OptionalName(128) tenant?: string | null;
  @RequiredName(128) schema_name: string;
  @RequiredName(256) @SatisfiesRule(topicFilterProblem) resource_name: string;
}

/** `GET /api/cluster/schema-bind/list`: exact tenant (default `default`), schema and resource; paged. */
export class SchemaBindingListQueryDto extends ListQueryDto {
  @SortFieldParameter(schemaBindingList) sort_field?: string;
  @FilterParameter() tenant?: string;
  @FilterParameter() schema_name?: string;
  @FilterParameter() resource_name?: string;
}

/** `GET /api/mqtt/schema-bind/list`, the dashboard's: the names bound to a resource and/or to a schema. */
export class DashboardBindingListQueryDto {
  @FilterParameter() tenant?: string;
  @FilterParameter() schema_name?: string;
  @FilterParameter() resource_name?: string;
}

/** A row of the schema list. */
export class SchemaRow {
  @Text() tenant: string;
  @Text() name: string;
  @Among(SCHEMA_TYPES) schema_type: string;
  @Text() desc: string;
  @Text('the schema text') schema: string;
  @UnixSeconds() create_time: number;
}

/** A row of `GET /api/cluster/schema-bind/list`. */
export class SchemaBindingRow {
  @Text() tenant: string;
  @Text() schema_name: string;
  @Text() resource_name: string;
  @UnixSeconds() create_time: number;
}

/** A row of the dashboard's `GET /api/mqtt/schema-bind/list` (the real server's shape). */
export class DashboardBindingRow {
  @Among(['resource', 'schema'], 'resource: the schemas bound to resource_name; schema: the resources bound to schema_name')
  data_type: string;
  @TextList() data: string[];
}

/** The dashboard's binding list: at most two rows, counted by total_count. */
export class DashboardBindingPage {
  @ApiProperty({ type: () => DashboardBindingRow, isArray: true }) data: DashboardBindingRow[];
  @Integer() total_count: number;
}
