import { type ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { InvalidInputError } from '#libs/domain/shared';

/**
 * The one validation pipe: class-validator DTOs, unknown fields dropped, the first broken rule of
 * each field reported as `field: rule`, all of them joined with "; " (API-CONTRACT §1).
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      transform: true,
      stopAtFirstError: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new InvalidInputError(errors.flatMap((error) => describe(error, ''))),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new InvalidInputError(['body: must be a JSON object']);
    }
    return super.transform(value, metadata);
  }
}

function describe(error: ValidationError, parent: string): string[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {})
    .slice(0, 1)
    .map((rule) => `${path}: ${rule}`);
  return [...own, ...(error.children ?? []).flatMap((child) => describe(child, path))];
}
