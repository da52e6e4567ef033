import { Controller, Get, Inject } from '@nestjs/common';
import type { ClusterView } from '#libs/cluster';
import type { CurrentConfigAnswer } from '../cluster-config/current-config-answer.js';
import { ReadEndpoint } from '../openapi/endpoints.js';
import { CLUSTER_VIEW, CURRENT_CONFIG_ANSWER } from '../tokens.js';
import { CLUSTER_STATUS } from './cluster-status.schemas.js';

/** The cluster status (API-CONTRACT §6), at the API document's path and the real server's `/api/status`. */
@Controller()
export class ClusterStatusController {
  constructor(
    @Inject(CLUSTER_VIEW) private readonly cluster: ClusterView,
    @Inject(CURRENT_CONFIG_ANSWER) private readonly config: CurrentConfigAnswer,
  ) {}

  @Get(['api/cluster/status', 'api/status'])
  @ReadEndpoint("The live instances of this service and the state of its log consumers (RobustMQ's ClusterStatus)", CLUSTER_STATUS)
  async status() {
    const { version, start_time, broker_node_list, meta, nodes } = await this.cluster.status();
    // The real server's field order.
    return { version, cluster_name: this.config.data().cluster_name, start_time, broker_node_list, meta, nodes };
  }
}
