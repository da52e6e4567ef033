import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateBy } from 'class-validator';
import { CONFIG_TYPES } from '#libs/domain/cluster-config';
import { ListQueryDto, QueryParameter } from '../http/list-query.dto.js';

const WHOLE_NUMBER = /^\d{1,15}$/;
/** 9999-12-31T23:59:59Z: Postgres timestamps go further, but no configuration is older than that. */
const LATEST_INSTANT = 253_402_300_799;
const VERSION_RULE = 'must be a configuration version, a whole number from 0';
const CONFIG_TYPE_RULE = `must be one of ${CONFIG_TYPES.join(', ')}`;
const VERSION_SCHEMA = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

/**
 * `config/set`: only the envelope of the request is checked here; the section itself (config_type,
 * every field of `config`) is read and checked by the domain, which names every problem at once.
 */
export class ConfigSetDto {
  @ApiProperty({ type: 'string', enum: CONFIG_TYPES, description: 'the section to replace' })
  @IsDefined({ message: 'is required' })
  @IsString({ message: 'must be a string' })
  config_type: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'object' }],
    example: '{"enable":true,"record_time":1000,"delay_type":"Whole"}',
    description:
      "the whole section, as JSON text (RobustMQ's way) or as an object: its fields as config/get shows them; omitted fields take their defaults, unknown fields are refused",
  })
  @IsDefined({ message: 'is required' })
  @ValidateBy({
    name: 'jsonObjectOrString',
    validator: {
      validate: (value: unknown) => typeof value === 'string' || (typeof value === 'object' && value !== null && !Array.isArray(value)),
      defaultMessage: () => 'must be a JSON string or an object',
    },
  })
  config: unknown;
}

/** `config/get`: the present configuration, or as it was at a version or at a time (one of them). */
export class ConfigGetQueryDto {
  @QueryParameter((text) => WHOLE_NUMBER.test(text), VERSION_RULE, {
    description: `${VERSION_RULE}; 0 is the defaults`,
    type: 'integer',
    minimum: 0,
    maximum: 999_999_999_999_999,
  })
  version?: string;
  @QueryParameter(
    (text) => WHOLE_NUMBER.test(text) && Number(text) <= LATEST_INSTANT,
    `must be unix seconds, a whole number 0-${LATEST_INSTANT}`,
    { type: 'integer', minimum: 0, maximum: LATEST_INSTANT },
  )
  at?: string;
}

/** `config/history`: newest first, paged like every list, optionally of one config_type. */
export class ConfigHistoryQueryDto extends ListQueryDto {
  /** History has one order (newest first, or oldest first with sort_by=asc); a sort_field is ignored like any unknown parameter. */
  @IsOptional() sort_field?: string;
  @QueryParameter((text) => (CONFIG_TYPES as string[]).includes(text), CONFIG_TYPE_RULE, { type: 'string', enum: CONFIG_TYPES })
  config_type?: string;
}

export class ConfigRollbackDto {
  @ApiProperty({ ...VERSION_SCHEMA, description: 'the version whose configuration becomes current again (0: the defaults)' })
  @IsDefined({ message: 'is required' })
  @IsInt({ message: VERSION_RULE })
  @Min(0, { message: VERSION_RULE })
  @Max(Number.MAX_SAFE_INTEGER, { message: VERSION_RULE })
  version: number;

  @ApiPropertyOptional({ type: 'string', enum: CONFIG_TYPES, nullable: true, description: 'only this section; all of them when absent' })
  @IsOptional()
  @IsIn(CONFIG_TYPES, { message: CONFIG_TYPE_RULE })
  config_type?: string | null;
}
