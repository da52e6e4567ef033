import { CommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { type CommandOutcome, runCommandAcross } from '#libs/application';
import { CreateUser, DeleteUser, type UserCommand, userInTenant } from '#libs/domain/user';
import { EventStore } from '#libs/event-store';
import { type ListPage, queryList } from '#libs/read-models/list-query';
import { ListUsers, type UserRow, userList } from '#libs/read-models/user';
import { DATABASE_POOL } from '../tokens.js';

/** Every user command reads the tenant's stream beside the user's (a create needs the tenant), decides, appends. */
@Injectable()
abstract class UserCommandHandler<Command extends UserCommand> {
  constructor(private readonly store: EventStore) {}

  execute(command: Command): Promise<CommandOutcome> {
    return runCommandAcross(this.store, userInTenant, command);
  }
}

@CommandHandler(CreateUser)
export class CreateUserHandler extends UserCommandHandler<CreateUser> {}

@CommandHandler(DeleteUser)
export class DeleteUserHandler extends UserCommandHandler<DeleteUser> {}

@QueryHandler(ListUsers)
export class ListUsersHandler implements IQueryHandler<ListUsers, ListPage<UserRow>> {
  constructor(@Inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  execute({ request }: ListUsers): Promise<ListPage<UserRow>> {
    return queryList(this.pool, userList, request);
  }
}
