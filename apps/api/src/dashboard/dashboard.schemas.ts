import type { SchemaObject } from '@nestjs/swagger';
import { BROKER_NODE } from '../cluster-status/cluster-status.schemas.js';
import { BROKER_FIGURES } from './dashboard.handlers.js';

/** The OpenAPI schemas of what the RobustMQ dashboard polls on its home page. */

const count = (description: string): SchemaObject => ({ type: 'integer', minimum: 0, example: 0, description });

export const DASHBOARD_OVERVIEW: SchemaObject = {
  type: 'object',
  required: ['cluster_name', 'node_list', 'nodes', 'placement_status', 'topic_num', 'connector_num', ...BROKER_FIGURES],
  properties: {
    cluster_name: { type: 'string', example: 'robust_mq_cluster_default' },
    node_list: { type: 'array', items: BROKER_NODE, description: 'the live instances (RobustMQ today)' },
    nodes: { type: 'array', items: BROKER_NODE, description: 'the same list, the name earlier dashboards read' },
    placement_status: {
      type: 'string',
      description: "the cluster status' meta section, as a JSON string",
      example: '{"running_state":{"Ok":null},"state":"Leader"}',
    },
    topic_num: count('topics'),
    connector_num: count('connectors'),
    ...Object.fromEntries(BROKER_FIGURES.map((figure) => [figure, count('only brokers know it: 0')])),
  },
};

export const MONITOR_SERIES: SchemaObject = {
  type: 'array',
  description: 'one point a minute over the last hour, oldest first',
  items: {
    type: 'object',
    required: ['date', 'value'],
    properties: {
      date: { type: 'integer', minimum: 0, description: 'unix seconds', example: 1_764_567_600 },
      value: { type: 'number', minimum: 0, example: 3 },
    },
  },
};
