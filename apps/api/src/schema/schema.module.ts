import { Module } from '@nestjs/common';
import { BindSchema, CreateSchema, DeleteSchema, schemaInTenant, UnbindSchema } from '#libs/domain/schema';
import { withinTenantCommandHandlers } from '../tenant-resource/tenant-resource.handlers.js';
import { DashboardSchemaBindingController, SchemaBindingController, SchemaController } from './schema.controller.js';
import { ListSchemaBindingsForDashboardHandler } from './schema.handlers.js';

@Module({
  controllers: [SchemaController, SchemaBindingController, DashboardSchemaBindingController],
  providers: [
    ...withinTenantCommandHandlers(schemaInTenant, [CreateSchema, DeleteSchema, BindSchema, UnbindSchema]),
    ListSchemaBindingsForDashboardHandler,
  ],
})
export class SchemaModule {}
