import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, type SchemaObject } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, ValidateBy, ValidateNested } from 'class-validator';
import { DEFAULT_LIMIT, type ListParameters, type ListSpec, MAX_LIMIT, sortColumn } from '#libs/read-models/list-query';

const WHOLE_NUMBER = /^\d{1,9}$/;
const ROW_OFFSET = /^\d{1,12}$/;
const LIMIT_RULE = `must be an integer 1-${MAX_LIMIT}`;
const isLimit = (text: string) => WHOLE_NUMBER.test(text) && Number(text) >= 1 && Number(text) <= MAX_LIMIT;

/**
 * One query-string parameter: given at most once (a repeated one arrives as an array), empty reads
 * as absent (API-CONTRACT §3), and `rule` on its text. `schema` describes the texts `rule` accepts
 * in the OpenAPI document (an integer parameter is its text in decimal), `message` its rule there too.
 */
export const QueryParameter = (
  rule: (text: string) => boolean,
  message: string | (() => string),
  schema: SchemaObject = { type: 'string' },
) =>
  applyDecorators(
    ApiPropertyOptional({ ...(typeof message === 'string' ? { description: message } : {}), ...schema } as object),
    Transform(({ value }: { value: unknown }) => (value === '' || value === null ? undefined : value)),
    IsOptional(),
    IsString({ message: 'must be given once' }),
    ValidateBy({
      name: 'queryParameter',
      validator: {
        validate: (value) => typeof value !== 'string' || rule(value),
        defaultMessage: () => (typeof message === 'string' ? message : message()),
      },
    }),
  );

/** A filter: any text Postgres can hold; names like `constructor` are plain text like any other. */
export const FilterParameter = () => QueryParameter((text) => !text.includes('\u0000'), 'must not contain NUL characters');

/** `sort_field`: one of the resource's own sortable fields (an own-property lookup, so `constructor` is refused). */
export const SortFieldParameter = (spec: ListSpec<unknown>) =>
  QueryParameter((text) => sortColumn(spec, text) !== undefined, `must be one of ${Object.keys(spec.sortable).join(', ')}`, {
    type: 'string',
    enum: Object.keys(spec.sortable),
  });

const UNIX_SECONDS = /^\d{1,11}$/;
const UNIX_SECONDS_RULE = 'must be a time in unix seconds (a whole number)';
const UNIX_SECONDS_SCHEMA: SchemaObject = { type: 'integer', minimum: 0, maximum: 99_999_999_999 };
const LIMIT_SCHEMA: SchemaObject = { type: 'integer', minimum: 1, maximum: MAX_LIMIT };
const OFFSET_SCHEMA: SchemaObject = { type: 'integer', minimum: 0, maximum: 999_999_999_999 };
const OFFSET_RULE = 'must be a whole number of rows, from 0';

/** The start of a time range (a `fromSecond` filter): unix seconds, included. */
export const TimeRangeStartParameter = () => QueryParameter((text) => UNIX_SECONDS.test(text), UNIX_SECONDS_RULE, UNIX_SECONDS_SCHEMA);

/** The end of a time range (a `throughSecond` filter): unix seconds, included, not before the range's start. */
export const TimeRangeEndParameter = (startParameter: string) =>
  applyDecorators(
    QueryParameter((text) => UNIX_SECONDS.test(text), UNIX_SECONDS_RULE, UNIX_SECONDS_SCHEMA),
    ValidateBy({
      name: 'timeRangeEnd',
      validator: {
        validate: (value, args) => {
          const parameters = new Map(Object.entries(args?.object ?? {}));
          const start = parameters.get(startParameter);
          return typeof value !== 'string' || typeof start !== 'string' || !UNIX_SECONDS.test(start) || Number(value) >= Number(start);
        },
        defaultMessage: () => `must not be before ${startParameter}`,
      },
    }),
  );

/** `pagination` as a nested object, as a qs-style query-string parser would give it. */
export class PaginationDto {
  @QueryParameter(isLimit, LIMIT_RULE, LIMIT_SCHEMA) limit?: string;
  @QueryParameter((text) => ROW_OFFSET.test(text), OFFSET_RULE, OFFSET_SCHEMA) offset?: string;
}

/**
 * The parameters of every list endpoint (API-CONTRACT §3). A resource's DTO extends it with its
 * `sort_field` whitelist and its filters; `toListRequest` (libs/read-models) turns it into SQL.
 */
export abstract class ListQueryDto implements ListParameters {
  @QueryParameter((text) => WHOLE_NUMBER.test(text), 'must be a whole number; pages start at 1 (0 reads as 1)', {
    type: 'integer',
    minimum: 0,
    maximum: 999_999_999,
  })
  page?: string;
  @QueryParameter(isLimit, LIMIT_RULE, { ...LIMIT_SCHEMA, description: `${LIMIT_RULE}; ${DEFAULT_LIMIT} when absent` }) limit?: string;
  abstract sort_field?: string;
  @QueryParameter((text) => text === 'asc' || text === 'desc', 'must be asc or desc', {
    description: 'asc (the default) or desc',
    type: 'string',
    enum: ['asc', 'desc'],
  })
  sort_by?: string;

  /** The RobustMQ dashboard's paging (rows from 0), used when `limit` / `page` are absent. */
  @QueryParameter(isLimit, LIMIT_RULE, {
    ...LIMIT_SCHEMA,
    description: `${LIMIT_RULE}; the RobustMQ dashboard's paging, used when limit is absent`,
  })
  'pagination[limit]'?: string;
  @QueryParameter((text) => ROW_OFFSET.test(text), OFFSET_RULE, {
    ...OFFSET_SCHEMA,
    description: `${OFFSET_RULE}; the RobustMQ dashboard's paging, used when page is absent`,
  })
  'pagination[offset]'?: string;

  @IsOptional()
  @IsObject({ message: 'must be given as pagination[limit] and pagination[offset]' })
  @ValidateNested()
  @Type(() => PaginationDto)
  pagination?: PaginationDto;
}
