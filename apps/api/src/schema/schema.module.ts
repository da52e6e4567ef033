import { Module } from '@nestjs/common';
import { DashboardSchemaBindingController, SchemaBindingController, SchemaController } from './schema.controller.js';
import {
  BindSchemaHandler,
  CreateSchemaHandler,
  DeleteSchemaHandler,
  ListSchemaBindingsForDashboardHandler,
  ListSchemaBindingsHandler,
  ListSchemasHandler,
  UnbindSchemaHandler,
} from './schema.handlers.js';

@Module({
  controllers: [SchemaController, SchemaBindingController, DashboardSchemaBindingController],
  providers: [
    CreateSchemaHandler,
    DeleteSchemaHandler,
    BindSchemaHandler,
    UnbindSchemaHandler,
    ListSchemasHandler,
    ListSchemaBindingsHandler,
    ListSchemaBindingsForDashboardHandler,
  ],
})
export class SchemaModule {}
