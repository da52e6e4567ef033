import { Module } from '@nestjs/common';
import { CreateUser, DeleteUser, userInTenant } from '#libs/domain/user';
import { withinTenantCommandHandlers } from '../tenant-resource/tenant-resource.handlers.js';
import { UserController } from './user.controller.js';

@Module({
  controllers: [UserController],
  providers: withinTenantCommandHandlers(userInTenant, [CreateUser, DeleteUser]),
})
export class UserModule {}
