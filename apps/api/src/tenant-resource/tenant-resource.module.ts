import { Module } from '@nestjs/common';
import { ListRowsHandler } from './tenant-resource.handlers.js';

/** The handler every resource list shares, registered once. */
@Module({ providers: [ListRowsHandler] })
export class TenantResourceModule {}
