import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, type ApiDependencies } from './app.module.js';
import { sendFailure } from './http/envelope.filter.js';

/** Builds the Nest app on Fastify; errors raised before Nest sees the request use the same envelope. */
export async function createHttpServer(dependencies: ApiDependencies): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: dependencies.settings.bodyLimitBytes, logger: false });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.with(dependencies), adapter, { logger: false });
  adapter.getInstance().setErrorHandler((error, _request, reply) => sendFailure(reply, error, dependencies.logger));
  return app;
}
