import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type pg from 'pg';
import type { Settings } from '#libs/config';
import { EventStore } from '#libs/event-store';
import type { ReadYourWrites } from '#libs/read-models';
import type { Logger } from '#libs/runtime';
import { AclModule } from './acl/acl.module.js';
import { AuditModule } from './audit/audit.module.js';
import { BlacklistModule } from './blacklist/blacklist.module.js';
import { EnvelopeExceptionFilter } from './http/envelope.filter.js';
import { EnvelopeInterceptor } from './http/envelope.interceptor.js';
import { RequestContextInterceptor } from './http/request-context.interceptor.js';
import { RequestValidationPipe } from './http/validation.pipe.js';
import { TenantModule } from './tenant/tenant.module.js';
import { TenantResourceModule } from './tenant-resource/tenant-resource.module.js';
import { DATABASE_POOL, LOGGER, READ_YOUR_WRITES } from './tokens.js';

export interface ApiDependencies {
  settings: Settings;
  logger: Logger;
  pool: pg.Pool;
  store: EventStore;
  readYourWrites: ReadYourWrites;
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
    ];
    return {
      module: AppModule,
      global: true,
      imports: [CqrsModule.forRoot(), TenantModule, TenantResourceModule, AclModule, BlacklistModule, AuditModule],
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
