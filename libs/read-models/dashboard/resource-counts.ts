import type { Queryable } from '#libs/event-store';

/** A resource the dashboard counts: its read-model table (counted in rm_counts) and the events that add and remove one. */
interface CountedResource {
  table: string;
  created: string;
  deleted: string;
}

export const COUNTED_RESOURCES = {
  topic: { table: 'rm_topics', created: 'TopicCreated', deleted: 'TopicDeleted' },
  connector: { table: 'rm_connectors', created: 'ConnectorCreated', deleted: 'ConnectorDeleted' },
} as const satisfies Record<string, CountedResource>;

export type CountedResourceName = keyof typeof COUNTED_RESOURCES;

/** One point of a monitor series: unix seconds and the value then. */
export interface SeriesPoint {
  date: number;
  value: number;
}

/** How many topics and connectors there are now: one row of rm_counts each, whatever the number of rows. */
export async function resourceCounts(db: Queryable): Promise<Record<CountedResourceName, number>> {
  const { topic, connector } = COUNTED_RESOURCES;
  const result = await db.query<{ topics: string | null; connectors: string | null }>(
    `SELECT (SELECT row_count FROM rm_counts WHERE table_name = $1 AND tenant = '') AS topics,
            (SELECT row_count FROM rm_counts WHERE table_name = $2 AND tenant = '') AS connectors`,
    [topic.table, connector.table],
  );
  const row = result.rows[0];
  return { topic: Number(row?.topics ?? 0), connector: Number(row?.connectors ?? 0) };
}

/**
 * The count of a resource at each of `points` steps of `stepSeconds`, the last one the step that holds
 * `now`: today's count (rm_counts), minus the creates and plus the deletes the log recorded after each
 * step. The log is read for the window only, on the partial index of migration 0019, so the cost
 * follows the changes in the window, not the size of the log. A change the projection has not applied
 * yet is in the log but not in the count, so a step can read one low for that moment; never below 0.
 */
export async function countSeries(
  db: Queryable,
  resource: CountedResourceName,
  { now, points, stepSeconds }: { now: number; points: number; stepSeconds: number },
): Promise<SeriesPoint[]> {
  const { created, deleted } = COUNTED_RESOURCES[resource];
  const lastStep = Math.floor(now / stepSeconds) * stepSeconds;
  const firstStep = lastStep - (points - 1) * stepSeconds;
  const [counts, changes] = await Promise.all([
    resourceCounts(db),
    db.query<{ step: string; delta: string }>(
      // The event types are in the text, not parameters, so that the planner can match migration 0019's partial index.
      `SELECT floor(extract(epoch FROM recorded_at) / $2::int)::bigint * $2::int AS step,
              count(*) FILTER (WHERE event_type = '${created}') - count(*) FILTER (WHERE event_type = '${deleted}') AS delta
         FROM events
        WHERE event_type IN ('${created}', '${deleted}') AND recorded_at >= to_timestamp($1)
        GROUP BY 1`,
      [firstStep + stepSeconds, stepSeconds],
    ),
  ]);
  const deltaByStep = new Map(changes.rows.map((row) => [Number(row.step), Number(row.delta)]));
  const series: SeriesPoint[] = [];
  let value = counts[resource];
  for (let date = lastStep; date >= firstStep; date -= stepSeconds) {
    series.push({ date, value: Math.max(0, value) });
    // Going back past this step undoes its changes.
    value -= deltaByStep.get(date) ?? 0;
  }
  return series.reverse();
}
