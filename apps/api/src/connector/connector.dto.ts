import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';
import { CONFIG_MAX_CHARACTERS, CONNECTOR_TYPES, FAILURE_STRATEGIES, type FailureStrategy } from '#libs/domain/connector';
import { topicNameProblem } from '#libs/domain/shared';
import { connectorList } from '#libs/read-models/connector';
import { FilterParameter, ListQueryDto, SortFieldParameter } from '../http/list-query.dto.js';
import { OptionalName, OptionalPositive, RequiredOneOf, RequiredName, SatisfiesRule } from '../http/validators.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Among, Integer, Nested, NullableText, Text, UnixSeconds } from '../openapi/response-fields.js';

export class FailureStrategyDto {
  @RequiredOneOf(FAILURE_STRATEGIES) strategy: FailureStrategy['strategy'];
  @OptionalPositive('u32') retry_total_times?: number | null;
  @OptionalPositive('u64') wait_time_ms?: number | null;
  @OptionalName(256) @SatisfiesRule(topicNameProblem) topic_name?: string | null;
}

/** RobustMQ's CreateConnectorReq; `config` is checked against the connector type's fields by the domain. */
export class CreateConnectorDto {
  @RequiredName(256) tenant: string;
  @RequiredName(128) connector_name: string;
  @RequiredOneOf(CONNECTOR_TYPES) connector_type: (typeof CONNECTOR_TYPES)[number];
  @RequiredName(CONFIG_MAX_CHARACTERS) config: string;
  @RequiredName(256) @SatisfiesRule(topicNameProblem) topic_name: string;

  @ApiProperty({ type: () => FailureStrategyDto, description: 'what to do with a message the connector could not deliver' })
  @IsDefined({ message: 'is required' })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => FailureStrategyDto)
  failure_strategy: FailureStrategyDto;
}

export class ConnectorIdentityDto {
  @RequiredName(256) tenant: string;
  @RequiredName(128) connector_name: string;
}

/** `GET .../connector/list`: exact tenant, a substring of the name (API-CONTRACT §3). */
export class ConnectorListQueryDto extends ListQueryDto {
  @SortFieldParameter(connectorList) sort_field?: string;
  @FilterParameter() tenant?: string;
  @FilterParameter() connector_name?: string;
}

export class FailureStrategyRow {
  @Among(FAILURE_STRATEGIES) strategy: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1 }) retry_total_times?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1 }) wait_time_ms?: number;
  @ApiPropertyOptional({ type: 'string', description: 'the dead-letter topic of dead_message_queue' }) topic_name?: string;
}

/** A row of the connector list. */
export class ConnectorRow {
  @Text() tenant: string;
  @Text() connector_name: string;
  @Among(CONNECTOR_TYPES) connector_type: string;
  @Text('the configuration as JSON text, secret fields redacted') config: string;
  @Text() topic_name: string;
  @Nested(() => FailureStrategyRow) failure_strategy: FailureStrategyRow;
  @Text('Idle until a broker runs it') status: string;
  @Text('"-" until a broker runs it') broker_id: string;
  @UnixSeconds() create_time: number;
  @UnixSeconds() update_time: number;
}

/** The list row plus what brokers report (0 and null until they do). */
export class ConnectorDetailRow extends ConnectorRow {
  @UnixSeconds() last_send_time: number;
  @Integer() send_success_total: number;
  @Integer() send_fail_total: number;
  @NullableText() last_msg: string | null;
}
