import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';
import { CONFIG_MAX_CHARACTERS, CONNECTOR_TYPES, FAILURE_STRATEGIES, type FailureStrategy } from '#libs/domain/connector';
import { topicNameProblem } from '#libs/domain/shared';
import { connectorList } from '#libs/read-models/connector';
import { FilterParameter, ListQueryDto, SortFieldParameter } from '../http/list-query.dto.js';
import { OptionalName, OptionalPositive, RequiredOneOf, RequiredName, SatisfiesRule } from '../http/validators.js';

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
