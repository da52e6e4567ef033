import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type pg from 'pg';
import type { ClusterView } from '#libs/cluster';
import type { Settings } from '#libs/config';
import { EventStore } from '#libs/event-store';
import type { ReadYourWrites } from '#libs/read-models';
import type { ServiceMetrics } from '#libs/metrics';
import type { Logger } from '#libs/runtime';
import { AclModule } from './acl/acl.module.js';
import { AuditModule } from './audit/audit.module.js';
import { BlacklistModule } from './blacklist/blacklist.module.js';
import { ClusterConfigModule } from './cluster-config/cluster-config.module.js';
import { ClusterStatusModule } from './cluster-status/cluster-status.module.js';
import type { CurrentConfigAnswer } from './cluster-config/current-config-answer.js';
import type { LiveClusterConfig } from '#libs/read-models/cluster-config';
import { EnvelopeExceptionFilter } from './http/envelope.filter.js';
import { EnvelopeInterceptor } from './http/envelope.interceptor.js';
import { RequestContextInterceptor } from './http/request-context.interceptor.js';
import { RequestValidationPipe } from './http/validation.pipe.js';
import { ConnectorModule } from './connector/connector.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { SchemaModule } from './schema/schema.module.js';
import { TenantModule } from './tenant/tenant.module.js';
import { TenantResourceModule } from './tenant-resource/tenant-resource.module.js';
import { UserModule } from './user/user.module.js';
import { TopicModule } from './topic/topic.module.js';
import { TopicRewriteModule } from './topic-rewrite/topic-rewrite.module.js';
import { CLUSTER_VIEW, CURRENT_CONFIG_ANSWER, DATABASE_POOL, LIVE_CLUSTER_CONFIG, LOGGER, READ_YOUR_WRITES } from './tokens.js';

export interface ApiDependencies {
  settings: Settings;
  logger: Logger;
  pool: pg.Pool;
  store: EventStore;
  readYourWrites: ReadYourWrites;
  liveConfig: LiveClusterConfig;
  /** Cluster status and health: the node registry, the workers' locks and checkpoints. */
  cluster: ClusterView;
  /** Built by createHttpServer, which also answers config/get from it before Nest. */
  currentConfig: CurrentConfigAnswer;
  /** This process' metrics, served at GET /metrics. */
  metrics: ServiceMetrics;
}

/** The HTTP app. Everything with a lifetime of its own (database, workers) is built outside and handed in. */
@Module({})
export class AppModule {
  static with(dependencies: ApiDependencies): DynamicModule {
    const shared = [
      { provide: LOGGER, useValue: dependencies.logger },
      { provide: DATABASE_POOL, useValue: dependencies.pool },
      { provide: EventStore, useValue: dependencies.store },
      { provide: READ_YOUR_WRITES, useValue: dependencies.readYourWrites },
      { provide: CURRENT_CONFIG_ANSWER, useValue: dependencies.currentConfig },
      { provide: LIVE_CLUSTER_CONFIG, useValue: dependencies.liveConfig },
      { provide: CLUSTER_VIEW, useValue: dependencies.cluster },
    ];
    return {
      module: AppModule,
      global: true,
      imports: [
        CqrsModule.forRoot(),
        TenantModule,
        UserModule,
        TenantResourceModule,
        AclModule,
        BlacklistModule,
        TopicModule,
        TopicRewriteModule,
        ConnectorModule,
        SchemaModule,
        ClusterConfigModule,
        AuditModule,
        DashboardModule,
        ClusterStatusModule,
      ],
      providers: [
        ...shared,
        { provide: APP_FILTER, useClass: EnvelopeExceptionFilter },
        { provide: APP_PIPE, useClass: RequestValidationPipe },
        // Interceptors run outside-in: the request context must surround the envelope's wait.
        { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor },
        { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor },
      ],
      exports: shared.map((provider) => provider.provide),
    };
  }
}
