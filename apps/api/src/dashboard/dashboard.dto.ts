import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsIn, IsString } from 'class-validator';
import { FilterParameter } from '../http/list-query.dto.js';
import { MONITOR_DATA_TYPES } from './monitor-data-types.js';

const DATA_TYPES = [...MONITOR_DATA_TYPES.keys()];

/** A required query parameter from a fixed list: given once, empty reads as absent. */
const RequiredQueryChoice = (values: readonly string[]) =>
  applyDecorators(
    ApiProperty({ type: 'string', enum: [...values] }),
    Transform(({ value }: { value: unknown }) => (value === '' || value === null ? undefined : value)),
    IsDefined({ message: 'is required' }),
    IsString({ message: 'must be given once' }),
    IsIn(values, { message: `must be one of ${values.join(', ')}` }),
  );

/** `GET /api/mqtt/monitor/data`: the series, and what it is about for the types that are about one thing. */
export class MonitorDataQueryDto {
  @RequiredQueryChoice(DATA_TYPES) data_type!: string;
  @FilterParameter() topic_name?: string;
  @FilterParameter() client_id?: string;
  @FilterParameter() path?: string;
  @FilterParameter() connector_name?: string;
}
