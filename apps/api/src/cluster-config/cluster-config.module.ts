import { Module } from '@nestjs/common';
import { ClusterConfigController } from './cluster-config.controller.js';
import {
  GetClusterConfigHandler,
  ListConfigHistoryHandler,
  RollbackToVersionHandler,
  SetClusterConfigHandler,
} from './cluster-config.handlers.js';

@Module({
  controllers: [ClusterConfigController],
  providers: [SetClusterConfigHandler, RollbackToVersionHandler, GetClusterConfigHandler, ListConfigHistoryHandler],
})
export class ClusterConfigModule {}
