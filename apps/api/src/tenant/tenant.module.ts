import { Module } from '@nestjs/common';
import { TenantController } from './tenant.controller.js';
import { CreateTenantHandler, DeleteTenantHandler, ListTenantsHandler, UpdateTenantHandler } from './tenant.handlers.js';

@Module({
  controllers: [TenantController],
  providers: [CreateTenantHandler, UpdateTenantHandler, DeleteTenantHandler, ListTenantsHandler],
})
export class TenantModule {}
