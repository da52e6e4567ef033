import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';

/** Reads only: its list runs on the shared ListRows handler (TenantResourceModule). */
@Module({ controllers: [AuditController] })
export class AuditModule {}
