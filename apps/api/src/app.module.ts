import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type pg from 'pg';
import type { Settings } from '#libs/config';
import { type ConsumerProgress, EventStore } from '#libs/event-store';
import type { Logger } from '#libs/runtime';
import { EnvelopeExceptionFilter } from './http/envelope.filter.js';
import { EnvelopeInterceptor } from './http/envelope.interceptor.js';
import { RequestContextInterceptor } from './http/request-context.interceptor.js';
import { RequestValidationPipe } from './http/validation.pipe.js';
import { TenantModule } from './tenant/tenant.module.js';
import { CONSUMER_PROGRESS, DATABASE_POOL, LOGGER, SETTINGS } from './tokens.js';

export interface ApiDependencies {
  settings: Settings;
  logger: Logger;
  pool: pg.Pool;
  store: EventStore;
  progress: ConsumerProgress;
}

/** The HTTP app. Everything with a lifetime of its own (database, workers) is built outside and handed in. */
@Module({})
export class AppModule {
  static with(dependencies: ApiDependencies): DynamicModule {
    const shared = [
      { provide: SETTINGS, useValue: dependencies.settings },
      { provide: LOGGER, useValue: dependencies.logger },
      { provide: DATABASE_POOL, useValue: dependencies.pool },
      { provide: EventStore, useValue: dependencies.store },
      { provide: CONSUMER_PROGRESS, useValue: dependencies.progress },
    ];
    return {
      module: AppModule,
      global: true,
      imports: [CqrsModule.forRoot(), TenantModule],
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
