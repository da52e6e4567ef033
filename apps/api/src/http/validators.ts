import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateBy } from 'class-validator';

/**
 * Field rules shared by every DTO, each with the message the API promises and its schema in the
 * OpenAPI document (the one place both are written). A JSON `null` counts as absent for optional
 * fields (API-CONTRACT §1), so their schemas are nullable.
 */
export const RequiredName = (max: number) =>
  applyDecorators(
    ApiProperty({ type: 'string', minLength: 1, maxLength: max }),
    IsDefined({ message: 'is required' }),
    IsString({ message: 'must be a string' }),
    CharacterCount(1, max, `length must be 1-${max}`),
    StorableText(),
  );

/** A name that may be omitted (or null) for its default, and otherwise follows RequiredName's rules. */
export const OptionalName = (max: number) =>
  applyDecorators(
    ApiPropertyOptional({ type: 'string', minLength: 1, maxLength: max, nullable: true }),
    IsOptional(),
    IsString({ message: 'must be a string' }),
    CharacterCount(1, max, `length must be 1-${max}`),
    StorableText(),
  );

export const OptionalText = (max: number) =>
  applyDecorators(
    ApiPropertyOptional({ type: 'string', maxLength: max, nullable: true }),
    IsOptional(),
    IsString({ message: 'must be a string' }),
    CharacterCount(0, max, `length must be at most ${max}`),
    StorableText(),
  );

/** A required value from a fixed list, in its exact case (RobustMQ's enum fields, e.g. `ClientId|User|Ip`). */
export const RequiredOneOf = (values: readonly string[]) =>
  applyDecorators(
    ApiProperty({ type: 'string', enum: [...values] }),
    IsDefined({ message: 'is required' }),
    IsIn(values, { message: `must be one of ${values.join(', ')}` }),
  );

/**
 * Lengths count Unicode code points, as RobustMQ (Rust chars) and JSON Schema do; class-validator's
 * Length would count a character and its variation selector as one.
 */
function CharacterCount(min: number, max: number, message: string) {
  return ValidateBy({
    name: 'characterCount',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || ([...value].length >= min && [...value].length <= max),
      defaultMessage: () => message,
    },
  });
}

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Postgres text cannot hold a NUL character, and an unpaired surrogate is not Unicode text at all. */
function StorableText() {
  return ValidateBy({
    name: 'storableText',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || (!value.includes('\u0000') && !UNPAIRED_SURROGATE.test(value)),
      defaultMessage: () => 'must not contain NUL characters or unpaired surrogates',
    },
  });
}

/**
 * Applies one of the domain's input rules (`topicFilterProblem`, `cidrProblem`, `regexProblem`, ...) to a
 * string field, so the API answers `field: <the rule's problem>` with the same text `decide` would use.
 */
export function SatisfiesRule(problemOf: (text: string) => string | undefined) {
  return ValidateBy({
    name: 'domainRule',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || problemOf(value) === undefined,
      defaultMessage: (args) => (typeof args?.value === 'string' ? problemOf(args.value) : undefined) ?? 'is invalid',
    },
  });
}

export const OptionalBoolean = () =>
  applyDecorators(ApiPropertyOptional({ type: 'boolean', nullable: true }), IsOptional(), IsBoolean({ message: 'must be true or false' }));

const UNSIGNED_MAX = { u32: 4_294_967_295, u64: Number.MAX_SAFE_INTEGER } as const;

/** RobustMQ's u32/u64 fields; u64 is capped at the largest integer JSON numbers carry exactly. */
export const OptionalUnsigned = (type: keyof typeof UNSIGNED_MAX) => {
  const message = `must be an integer 0-${UNSIGNED_MAX[type]}`;
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: UNSIGNED_MAX[type], nullable: true }),
    IsOptional(),
    IsInt({ message }),
    Min(0, { message }),
    Max(UNSIGNED_MAX[type], { message }),
  );
};

/** A required instant in unix seconds, after the epoch (RobustMQ's u64 `range(min = 1)`), capped as u64 fields are. */
export const RequiredUnixSeconds = () => {
  const message = `must be unix seconds, an integer 1-${UNSIGNED_MAX.u64}`;
  return applyDecorators(
    ApiProperty({ type: 'integer', minimum: 1, maximum: UNSIGNED_MAX.u64, description: 'unix seconds' }),
    IsDefined({ message: 'is required' }),
    IsInt({ message }),
    Min(1, { message }),
    Max(UNSIGNED_MAX.u64, { message }),
  );
};

/** Drops absent (undefined or null) fields, so that "omitted keeps the current value" is one spread. */
export function presentFields<T extends object>(input: T | null | undefined): Partial<{ [K in keyof T]: NonNullable<T[K]> }> | undefined {
  if (input === null || input === undefined) return undefined;
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)) as Partial<{
    [K in keyof T]: NonNullable<T[K]>;
  }>;
}

/** A field whose value is one of a fixed list, exactly as written (RobustMQ's enums are case-sensitive). */
const OneOf = (values: readonly string[]) =>
  ValidateBy({
    name: 'oneOf',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && values.includes(value),
      defaultMessage: () => `must be one of ${values.join(', ')}`,
    },
  });

/** A required string from a fixed list (a string, unlike RequiredOneOf's IsIn, whatever the list holds). */
export const RequiredString = (values: readonly string[]) =>
  applyDecorators(ApiProperty({ type: 'string', enum: [...values] }), IsDefined({ message: 'is required' }), OneOf(values));

/** An optional string from a fixed list. */
export const OptionalOneOf = (values: readonly string[]) =>
  applyDecorators(ApiPropertyOptional({ type: 'string', enum: [...values], nullable: true }), IsOptional(), OneOf(values));

/** An optional integer within [min, max]. */
export const OptionalInteger = (min: number, max: number) => {
  const message = `must be an integer ${min}-${max}`;
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: min, maximum: max, nullable: true }),
    IsOptional(),
    IsInt({ message }),
    Min(min, { message }),
    Max(max, { message }),
  );
};

/** A required string that one of the domain's input rules checks whole (its own emptiness and length included). */
export const RequiredRule = (problemOf: (text: string) => string | undefined) =>
  applyDecorators(
    ApiProperty({ type: 'string', minLength: 1 }),
    IsDefined({ message: 'is required' }),
    IsString({ message: 'must be a string' }),
    SatisfiesRule(problemOf),
  );
/** A positive u32/u64 field, such as a retry count or a wait in milliseconds. */
export const OptionalPositive = (type: keyof typeof UNSIGNED_MAX) => {
  const message = `must be an integer 1-${UNSIGNED_MAX[type]}`;
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: UNSIGNED_MAX[type], nullable: true }),
    IsOptional(),
    IsInt({ message }),
    Min(1, { message }),
    Max(UNSIGNED_MAX[type], { message }),
  );
};
