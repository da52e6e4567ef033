import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { hashPassword } from '#libs/application';
import { DEFAULT_TENANT_NAME } from '#libs/domain/tenant';
import { CreateUser, DeleteUser } from '#libs/domain/user';
import { toListRequest } from '#libs/read-models/list-query';
import { userList } from '#libs/read-models/user';
import { ListRows } from '../tenant-resource/tenant-resource.handlers.js';
import { CreateUserDto, DeleteUserDto, UserListQueryDto, UserRow } from './user.dto.js';
import { CommandEndpoint, ListEndpoint } from '../openapi/endpoints.js';

/** The API document's path, plus the alias the RobustMQ dashboard uses (API-CONTRACT §2). */
@Controller(['api/cluster/user', 'api/mqtt/user'])
export class UserController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('list')
  @ListEndpoint('List MQTT users', UserRow)
  list(@Query() query: UserListQueryDto) {
    return this.queries.execute(new ListRows(userList, toListRequest(userList, query)));
  }

  /** The password is hashed here, at the edge: the command, its events and everything after carry only the hash. */
  @Post('create')
  @CommandEndpoint('Create an MQTT user (the password is stored as a salted scrypt hash)', [404])
  @HttpCode(200)
  async create(@Body() body: CreateUserDto) {
    const passwordHash = await hashPassword(body.password);
    const now = Math.floor(Date.now() / 1000);
    return this.commands.execute(
      new CreateUser(body.tenant ?? DEFAULT_TENANT_NAME, body.username, passwordHash, body.is_superuser ?? false, now),
    );
  }

  @Post('delete')
  @CommandEndpoint('Delete an MQTT user', [404])
  @HttpCode(200)
  delete(@Body() body: DeleteUserDto) {
    return this.commands.execute(new DeleteUser(body.tenant ?? DEFAULT_TENANT_NAME, body.username));
  }
}
