import { Module } from '@nestjs/common';
import { ClusterStatusController } from './cluster-status.controller.js';

/** Reads the ClusterView the runtime hands in; the health checks are answered before Nest (health-routes.ts). */
@Module({ controllers: [ClusterStatusController] })
export class ClusterStatusModule {}
