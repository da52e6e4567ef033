import { Module } from '@nestjs/common';
import { UserController } from './user.controller.js';
import { CreateUserHandler, DeleteUserHandler, ListUsersHandler } from './user.handlers.js';

@Module({
  controllers: [UserController],
  providers: [CreateUserHandler, DeleteUserHandler, ListUsersHandler],
})
export class UserModule {}
