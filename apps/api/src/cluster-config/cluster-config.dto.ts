import { IsDefined, IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateBy } from 'class-validator';
import { CONFIG_TYPES } from '#libs/domain/cluster-config';
import { ListQueryDto, QueryParameter } from '../http/list-query.dto.js';

const WHOLE_NUMBER = /^\d{1,15}$/;
/** 9999-12-31T23:59:59Z: Postgres timestamps go further, but no configuration is older than that. */
const LATEST_INSTANT = 253_402_300_799;
const VERSION_RULE = 'must be a configuration version, a whole number from 0';
const CONFIG_TYPE_RULE = `must be one of ${CONFIG_TYPES.join(', ')}`;

/**
 * `config/set`: only the envelope of the request is checked here; the section itself (config_type,
 * every field of `config`) is read and checked by the domain, which names every problem at once.
 */
export class ConfigSetDto {
  @IsDefined({ message: 'is required' })
  @IsString({ message: 'must be a string' })
  config_type: string;

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
  @QueryParameter((text) => WHOLE_NUMBER.test(text), VERSION_RULE) version?: string;
  @QueryParameter(
    (text) => WHOLE_NUMBER.test(text) && Number(text) <= LATEST_INSTANT,
    `must be unix seconds, a whole number 0-${LATEST_INSTANT}`,
  )
  at?: string;
}

/** `config/history`: newest first, paged like every list, optionally of one config_type. */
export class ConfigHistoryQueryDto extends ListQueryDto {
  /** History has one order (newest first, or oldest first with sort_by=asc); a sort_field is ignored like any unknown parameter. */
  @IsOptional() sort_field?: string;
  @QueryParameter((text) => (CONFIG_TYPES as string[]).includes(text), CONFIG_TYPE_RULE) config_type?: string;
}

export class ConfigRollbackDto {
  @IsDefined({ message: 'is required' })
  @IsInt({ message: VERSION_RULE })
  @Min(0, { message: VERSION_RULE })
  @Max(Number.MAX_SAFE_INTEGER, { message: VERSION_RULE })
  version: number;

  @IsOptional()
  @IsIn(CONFIG_TYPES, { message: CONFIG_TYPE_RULE })
  config_type?: string | null;
}
