import { Inject, Injectable } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import type { ClusterView } from '#libs/cluster';
import { InvalidInputError } from '#libs/domain/shared';
import { countSeries, resourceCounts, type SeriesPoint } from '#libs/read-models/dashboard';
import type { CurrentConfigAnswer } from '../cluster-config/current-config-answer.js';
import { CLUSTER_VIEW, CURRENT_CONFIG_ANSWER, DATABASE_POOL } from '../tokens.js';
import { MONITOR_DATA_TYPES, SERIES_WINDOW, type SeriesParameter } from './monitor-data-types.js';

/** RobustMQ's overview figures that only brokers know (connections, sessions, subscriptions, rates): 0 here. */
export const BROKER_FIGURES = [
  'message_in_rate',
  'message_out_rate',
  'connection_num',
  'session_num',
  'tcp_connection_num',
  'tls_connection_num',
  'websocket_connection_num',
  'quic_connection_num',
  'subscribe_num',
  'exclusive_subscribe_num',
  'exclusive_subscribe_thread_num',
  'share_subscribe_group_num',
  'share_subscribe_num',
  'share_subscribe_thread_num',
  'share_subscribe_leader_num',
  'share_subscribe_resub_num',
  'share_subscribe_leader_thread_num',
  'share_subscribe_follower_thread_num',
  'connector_thread_num',
] as const;

export class GetDashboardOverview {}

/**
 * `GET /api/mqtt/overview`, what the dashboard's home page shows: the counts this service keeps
 * (topics, connectors), the live nodes of the node registry, and 0 for the figures of brokers. Both
 * member lists are given, `node_list` (RobustMQ today) and `nodes` (earlier dashboards read that
 * name); `placement_status` is the cluster status' `meta` section, as a JSON string like RobustMQ's.
 */
@QueryHandler(GetDashboardOverview)
@Injectable()
export class GetDashboardOverviewHandler implements IQueryHandler<GetDashboardOverview> {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(CURRENT_CONFIG_ANSWER) private readonly config: CurrentConfigAnswer,
    @Inject(CLUSTER_VIEW) private readonly cluster: ClusterView,
  ) {}

  async execute(): Promise<Record<string, unknown>> {
    const [counts, status] = await Promise.all([resourceCounts(this.pool), this.cluster.status()]);
    return {
      cluster_name: this.config.data().cluster_name,
      node_list: status.broker_node_list,
      nodes: status.broker_node_list,
      placement_status: JSON.stringify(status.meta.meta),
      topic_num: counts.topic,
      connector_num: counts.connector,
      ...Object.fromEntries(BROKER_FIGURES.map((figure) => [figure, 0])),
    };
  }
}

export class GetMonitorSeries {
  constructor(
    readonly dataType: string,
    readonly parameters: Partial<Record<SeriesParameter, string>>,
  ) {}
}

/**
 * `GET /api/mqtt/monitor/data`: one point a minute over the last hour, `{date, value}` with `date` in
 * unix seconds, oldest first. Topic and connector counts come from the log; the brokers' series are 0.
 */
@QueryHandler(GetMonitorSeries)
@Injectable()
export class GetMonitorSeriesHandler implements IQueryHandler<GetMonitorSeries, SeriesPoint[]> {
  constructor(@Inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  async execute({ dataType, parameters }: GetMonitorSeries): Promise<SeriesPoint[]> {
    // The DTO let only known types through.
    const type = MONITOR_DATA_TYPES.get(dataType)!;
    const missing = type.needs.filter((parameter) => parameters[parameter] === undefined);
    if (missing.length > 0) throw new InvalidInputError(missing.map((parameter) => `${parameter}: is required for data_type ${dataType}`));
    const now = Math.floor(Date.now() / 1000);
    if (type.source !== 'broker') return countSeries(this.pool, type.source, { now, ...SERIES_WINDOW });
    const lastStep = Math.floor(now / SERIES_WINDOW.stepSeconds) * SERIES_WINDOW.stepSeconds;
    return Array.from({ length: SERIES_WINDOW.points }, (_, index) => ({
      date: lastStep - (SERIES_WINDOW.points - 1 - index) * SERIES_WINDOW.stepSeconds,
      value: 0,
    }));
  }
}
