import type { SchemaObject } from '@nestjs/swagger';

/** The OpenAPI schemas of the cluster status (API-CONTRACT §6), as libs/cluster builds it. */

const integer: SchemaObject = { type: 'integer', minimum: 0, example: 1 };
const text = (example: string): SchemaObject => ({ type: 'string', example });
const object = (properties: Record<string, SchemaObject>, description?: string): SchemaObject => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
  ...(description ? { description } : {}),
});
const leaderId = object({ term: integer, node_id: integer });
const logId = object({ leader_id: leaderId, index: integer });

/** A live instance of this service, in the shape of RobustMQ's BrokerNode. */
export const BROKER_NODE: SchemaObject = object({
  roles: { type: 'array', items: { type: 'string', enum: ['api', 'worker'] }, example: ['api', 'worker'] },
  extend: { type: 'object', additionalProperties: true },
  node_id: integer,
  node_ip: text('10.0.0.7'),
  grpc_addr: text(''),
  engine_addr: text(''),
  http_addr: text('10.0.0.7:8080'),
  start_time: { ...integer, description: 'unix seconds' },
  register_time: { ...integer, description: 'unix seconds' },
  storage_fold: { type: 'array', items: { type: 'string' }, example: [] },
  version: text('0.1.0'),
  hostname: text('admin-1'),
  pid: integer,
  leads: { type: 'array', items: { type: 'string' }, description: 'the log consumers this instance leads', example: ['meta-projector'] },
});

/** RobustMQ's MetaStatus, filled from a log consumer's state: Leader where its lock is held. */
export const META_STATUS: SchemaObject = object({
  running_state: {
    oneOf: [object({ Ok: { type: 'object', nullable: true, example: null } }), object({ Err: text('no instance runs it') })],
    example: { Ok: null },
  },
  id: integer,
  current_term: integer,
  vote: object({ leader_id: leaderId, committed: { type: 'boolean', example: true } }),
  last_log_index: { ...integer, description: 'the head of the event log' },
  last_applied: { ...logId, description: "the consumer's checkpoint" },
  snapshot: { type: 'object', nullable: true, example: null },
  purged: { type: 'object', nullable: true, example: null },
  state: { type: 'string', enum: ['Leader', 'Follower'], example: 'Leader' },
  current_leader: { ...integer, nullable: true },
  millis_since_quorum_ack: { ...integer, nullable: true },
  membership_config: object({
    log_id: logId,
    membership: object({
      configs: { type: 'array', items: { type: 'array', items: { type: 'integer' } }, example: [[1]] },
      nodes: { type: 'object', additionalProperties: object({ node_id: integer, rpc_addr: text('10.0.0.7:8080') }) },
    }),
  }),
  replication: { type: 'object', additionalProperties: logId },
});

export const CLUSTER_STATUS: SchemaObject = object({
  version: text('0.1.0'),
  cluster_name: text('robust_mq_cluster_default'),
  start_time: { ...integer, description: "this process' start, unix seconds" },
  broker_node_list: { type: 'array', items: BROKER_NODE },
  meta: object(
    { mqtt: META_STATUS, offset: META_STATUS, meta: META_STATUS },
    'meta: the projector of cluster metadata; mqtt: the projector of the MQTT resources; offset: the Kafka publisher',
  ),
  nodes: { type: 'array', items: { type: 'string' }, description: 'the distinct IPs of the live instances', example: ['10.0.0.7'] },
});
