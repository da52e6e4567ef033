import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Settings } from '#libs/config';
import type { LiveClusterConfig } from '#libs/read-models/cluster-config';
import { success } from '../http/envelope.js';
import { brokerConfig, staticBrokerConfig } from './broker-config.js';

export const CONFIG_GET_PATH = '/api/cluster/config/get';

/**
 * The answer of `config/get` for the configuration this instance holds in memory, built and serialized
 * once per version: it is the API's hottest read, and nothing in it changes between versions.
 */
export class CurrentConfigAnswer {
  private readonly staticPart: Record<string, unknown>;
  private cached: { version: number; data: Record<string, unknown>; envelope: string } | undefined;

  constructor(
    settings: Settings,
    private readonly live: LiveClusterConfig,
  ) {
    this.staticPart = staticBrokerConfig(settings);
  }

  /** The BrokerConfig as it is now. */
  data(): Record<string, unknown> {
    return this.current().data;
  }

  /** The whole response body, the envelope around `data()`, as JSON. */
  envelope(): string {
    return this.current().envelope;
  }

  /** The BrokerConfig with other dynamic sections (an as-of read). */
  withSections(sections: Parameters<typeof brokerConfig>[1]): Record<string, unknown> {
    return brokerConfig(this.staticPart, sections);
  }

  private current() {
    const { version, state } = this.live.current();
    if (this.cached?.version !== version) {
      const data = brokerConfig(this.staticPart, state.sections);
      this.cached = { version, data, envelope: JSON.stringify(success(data)) };
    }
    return this.cached;
  }
}

/**
 * `GET /api/cluster/config/get` without parameters is answered from memory as soon as the request has passed
 * authentication and the rate limit (onRequest hooks registered before this one), without the rest of the
 * request pipeline: the same body the controller would give, serialized once per version. With parameters
 * (`version`, `at`), the controller answers, as it checks them and reads the log.
 */
export function answerConfigGetFromMemory(fastify: FastifyInstance, answer: CurrentConfigAnswer): void {
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || request.routeOptions.url !== CONFIG_GET_PATH || request.url !== CONFIG_GET_PATH) return;
    void reply.header('content-type', 'application/json; charset=utf-8').send(answer.envelope());
    return reply;
  });
}
