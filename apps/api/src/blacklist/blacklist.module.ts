import { Module } from '@nestjs/common';
import { blacklistInTenant, CreateBlacklist, DeleteBlacklist } from '#libs/domain/blacklist';
import { withinTenantCommandHandlers } from '../tenant-resource/tenant-resource.handlers.js';
import { BlacklistController } from './blacklist.controller.js';

@Module({
  controllers: [BlacklistController],
  providers: withinTenantCommandHandlers(blacklistInTenant, [CreateBlacklist, DeleteBlacklist]),
})
export class BlacklistModule {}
