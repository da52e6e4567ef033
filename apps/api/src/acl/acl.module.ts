import { Module } from '@nestjs/common';
import { aclInTenant, CreateAcl, DeleteAcl } from '#libs/domain/acl';
import { withinTenantCommandHandlers } from '../tenant-resource/tenant-resource.handlers.js';
import { AclController } from './acl.controller.js';

@Module({
  controllers: [AclController],
  providers: withinTenantCommandHandlers(aclInTenant, [CreateAcl, DeleteAcl]),
})
export class AclModule {}
