import { Body, Controller, Get, HttpCode, Injectable, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { BindSchema, CreateSchema, DeleteSchema, UnbindSchema } from '#libs/domain/schema';
import { DEFAULT_TENANT_NAME } from '#libs/domain/tenant';
import { toListRequest } from '#libs/read-models/list-query';
import { ListSchemaBindingsForDashboard, schemaBindingList, schemaList } from '#libs/read-models/schema';
import { ListRows } from '../tenant-resource/tenant-resource.handlers.js';
import {
  CreateSchemaDto,
  DashboardBindingListQueryDto,
  DashboardBindingPage,
  SchemaBindingRow,
  SchemaRow,
  SchemaBindingDto,
  SchemaBindingListQueryDto,
  SchemaIdentityDto,
  SchemaListQueryDto,
} from './schema.dto.js';
import { CommandEndpoint, ListEndpoint, ReadEndpoint } from '../openapi/endpoints.js';

const nowInSeconds = () => Math.floor(Date.now() / 1000);

/** The API document's path, plus the alias the RobustMQ dashboard uses. */
@Controller(['api/cluster/schema', 'api/mqtt/schema'])
export class SchemaController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('list')
  @ListEndpoint('List schemas', SchemaRow)
  list(@Query() query: SchemaListQueryDto) {
    return this.queries.execute(new ListRows(schemaList, toListRequest(schemaList, query)));
  }

  @Post('create')
  @CommandEndpoint('Create a schema in an existing tenant; its text must be a valid schema of its type', [404])
  @HttpCode(200)
  create(@Body() body: CreateSchemaDto) {
    return this.commands.execute(
      new CreateSchema(body.tenant, body.schema_name, body.schema_type, body.schema, body.desc ?? undefined, nowInSeconds()),
    );
  }

  @Post('delete')
  @CommandEndpoint('Delete a schema that nothing is bound to (409 while bound)', [404])
  @HttpCode(200)
  delete(@Body() body: SchemaIdentityDto) {
    return this.commands.execute(new DeleteSchema(body.tenant, body.schema_name));
  }
}

/**
 * Binding create and delete, the same on both paths; the two paths differ only in their list.
 * Injectable, so that its constructor's parameter types are recorded for the controllers that extend it.
 */
@Injectable()
abstract class SchemaBindingCommands {
  constructor(
    protected readonly commands: CommandBus,
    protected readonly queries: QueryBus,
  ) {}

  @Post('create')
  @CommandEndpoint('Bind a schema to a topic filter (tenant: default when absent)', [404])
  @HttpCode(200)
  create(@Body() body: SchemaBindingDto) {
    return this.commands.execute(new BindSchema(body.tenant ?? DEFAULT_TENANT_NAME, body.schema_name, body.resource_name, nowInSeconds()));
  }

  @Post('delete')
  @CommandEndpoint('Unbind a schema from a topic filter (tenant: default when absent)', [404])
  @HttpCode(200)
  delete(@Body() body: SchemaBindingDto) {
    return this.commands.execute(new UnbindSchema(body.tenant ?? DEFAULT_TENANT_NAME, body.schema_name, body.resource_name));
  }
}

@Controller('api/cluster/schema-bind')
export class SchemaBindingController extends SchemaBindingCommands {
  @Get('list')
  @ListEndpoint('List schema bindings (tenant: default when absent)', SchemaBindingRow)
  list(@Query() query: SchemaBindingListQueryDto) {
    query.tenant ??= DEFAULT_TENANT_NAME;
    return this.queries.execute(new ListRows(schemaBindingList, toListRequest(schemaBindingList, query)));
  }
}

/** The dashboard's path: its list answers in the real server's shape (API-CONTRACT §2). */
@Controller('api/mqtt/schema-bind')
export class DashboardSchemaBindingController extends SchemaBindingCommands {
  @Get('list')
  @ReadEndpoint(
    "The dashboard's binding list: the schemas bound to resource_name and/or the resources bound to schema_name",
    DashboardBindingPage,
  )
  list(@Query() query: DashboardBindingListQueryDto) {
    return this.queries.execute(
      new ListSchemaBindingsForDashboard(query.tenant ?? DEFAULT_TENANT_NAME, query.resource_name, query.schema_name),
    );
  }
}
