import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/**
 * The fields of response rows, as the OpenAPI document describes them (every field is always
 * present). Request fields are described by their validation decorators instead (http/validators.ts).
 */
export const Text = (description?: string) => ApiProperty({ type: 'string', description });
export const NullableText = (description?: string) => ApiProperty({ type: 'string', nullable: true, description });
export const Integer = (description?: string) => ApiProperty({ type: 'integer', minimum: 0, description });
export const NullableInteger = (description?: string) => ApiProperty({ type: 'integer', minimum: 0, nullable: true, description });
export const UnixSeconds = (description = 'unix seconds') => ApiProperty({ type: 'integer', minimum: 0, description });
export const Flag = (description?: string) => ApiProperty({ type: 'boolean', description });
export const Among = (values: readonly string[], description?: string) => ApiProperty({ type: 'string', enum: [...values], description });
/** `of` is called lazily (a class declared further down); Nest recognises a lazy type by its property name, `type`. */
export const Nested = (of: () => Type<unknown>, description?: string) => ApiProperty({ type: () => of(), description });
export const TextList = (description?: string) => ApiProperty({ type: 'string', isArray: true, description });
export const TextMap = (description?: string) =>
  ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description } as object);
/** A JSON object whose fields depend on the row (an event's data). */
export const AnyObject = (description?: string) => ApiProperty({ type: 'object', additionalProperties: true, description } as object);
