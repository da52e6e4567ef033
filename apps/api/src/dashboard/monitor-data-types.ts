import type { CountedResourceName } from '#libs/read-models/dashboard';

/** The parameters a monitor series is about (RobustMQ's MonitorDataReq). */
export type SeriesParameter = 'topic_name' | 'client_id' | 'path' | 'connector_name';

/**
 * Where each `data_type` of `GET /api/mqtt/monitor/data` comes from: a resource this service counts
 * (from its read models and the log), or `broker`, a figure only brokers know, answered as a flat 0
 * series. `needs` are the parameters the real server requires for that type.
 */
interface MonitorDataType {
  source: CountedResourceName | 'broker';
  needs: readonly SeriesParameter[];
}

const broker = (...needs: SeriesParameter[]): MonitorDataType => ({ source: 'broker', needs });

/** RobustMQ's MonitorDataType names (src/admin-server, mqtt/overview.rs), and `connector_num`, which this service counts too. */
export const MONITOR_DATA_TYPES: ReadonlyMap<string, MonitorDataType> = new Map([
  ['topic_num', { source: 'topic', needs: [] }],
  ['connector_num', { source: 'connector', needs: [] }],
  ['connection_num', broker()],
  ['subscribe_num', broker()],
  ['message_in_num', broker()],
  ['message_out_num', broker()],
  ['message_drop_num', broker()],
  ['topic_in_num', broker('topic_name')],
  ['topic_out_num', broker('topic_name')],
  ['subscribe_send_success_num', broker('client_id', 'path')],
  ['subscribe_send_failure_num', broker('client_id', 'path')],
  ['subscribe_topic_send_success_num', broker('client_id', 'path', 'topic_name')],
  ['subscribe_topic_send_failure_num', broker('client_id', 'path', 'topic_name')],
  ['session_in_num', broker('client_id')],
  ['session_out_num', broker('client_id')],
  ['connector_send_success_total', broker()],
  ['connector_send_failure_total', broker()],
  ['connector_send_success', broker('connector_name')],
  ['connector_send_failure', broker('connector_name')],
]);

/** The window of every series, as the real server keeps it: the last hour, one point a minute. */
export const SERIES_WINDOW = { points: 60, stepSeconds: 60 } as const;
