import { Inject, Injectable, type Type } from '@nestjs/common';
import { CommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { type CommandOutcome, runCommandAcross } from '#libs/application';
import type { CrossStreamDecider, StreamShapes } from '#libs/domain/shared';
import { EventStore } from '#libs/event-store';
import { type ListPage, type ListRequest, type ListSpec, queryList } from '#libs/read-models/list-query';
import { DATABASE_POOL } from '../tokens.js';

/**
 * One command handler per command type, each running `rule` (a `withinTenant` decider) with
 * runCommandAcross: every command of a resource that lives in a tenant runs the same way.
 */
export function withinTenantCommandHandlers<Command extends object, Streams extends StreamShapes>(
  rule: CrossStreamDecider<Command, Streams>,
  commandTypes: readonly Type<Command>[],
): Type<{ execute(command: Command): Promise<CommandOutcome> }>[] {
  return commandTypes.map((commandType) => {
    @CommandHandler(commandType)
    class WithinTenantCommandHandler {
      constructor(@Inject(EventStore) private readonly store: EventStore) {}

      execute(command: Command): Promise<CommandOutcome> {
        return runCommandAcross(this.store, rule, command);
      }
    }
    Object.defineProperty(WithinTenantCommandHandler, 'name', { value: `${commandType.name}Handler` });
    return WithinTenantCommandHandler;
  });
}

/** A page of any resource's list, as its spec says: one query type and one handler for every list that needs nothing more. */
export class ListRows<Row> {
  constructor(
    readonly spec: ListSpec<Row>,
    readonly request: ListRequest,
  ) {}
}

@QueryHandler(ListRows)
@Injectable()
export class ListRowsHandler implements IQueryHandler<ListRows<unknown>, ListPage<unknown>> {
  constructor(@Inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  execute({ spec, request }: ListRows<unknown>): Promise<ListPage<unknown>> {
    return queryList(this.pool, spec, request);
  }
}
