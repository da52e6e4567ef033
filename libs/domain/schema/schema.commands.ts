import type { SchemaType } from './schema.events.js';

export class CreateSchema {
  readonly kind = 'CreateSchema';
  constructor(
    readonly tenantName: string,
    readonly schemaName: string,
    readonly schemaType: SchemaType,
    readonly schema: string,
    readonly desc: string | undefined,
    /** Unix seconds; the clock is read at the edge so the rules stay pure. */
    readonly now: number,
  ) {}
}

export class DeleteSchema {
  readonly kind = 'DeleteSchema';
  constructor(
    readonly tenantName: string,
    readonly schemaName: string,
  ) {}
}

/** Binds a schema to the topics a filter matches (`resource_name`). */
export class BindSchema {
  readonly kind = 'BindSchema';
  constructor(
    readonly tenantName: string,
    readonly schemaName: string,
    readonly resourceName: string,
    readonly now: number,
  ) {}
}

export class UnbindSchema {
  readonly kind = 'UnbindSchema';
  constructor(
    readonly tenantName: string,
    readonly schemaName: string,
    readonly resourceName: string,
  ) {}
}

export type SchemaCommand = CreateSchema | DeleteSchema | BindSchema | UnbindSchema;
