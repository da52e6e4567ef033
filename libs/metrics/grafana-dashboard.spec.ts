import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ServiceMetrics } from './service-metrics.js';

const DASHBOARD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/grafana-dashboard.json');
const METRIC_NAME = /\b(?:robustmq_admin|process|nodejs)_\w+/g;

interface Panel {
  title: string;
  targets?: { expr: string }[];
}

describe('the sample Grafana dashboard (docs/grafana-dashboard.json)', () => {
  it('queries only series the service exposes', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] };
    const metrics = new ServiceMetrics();
    const exposed = new Set<string>();
    for (const metric of await metrics.registry.getMetricsAsJSON()) {
      exposed.add(metric.name);
      // The typings' MetricType enum has no runtime value to compare with: the type is its text.
      if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) exposed.add(`${metric.name}${suffix}`);
    }
    const queried = dashboard.panels.flatMap((panel) => (panel.targets ?? []).flatMap((target) => target.expr.match(METRIC_NAME) ?? []));

    expect(queried.length).toBeGreaterThan(10);
    expect(queried.filter((name) => !exposed.has(name))).toEqual([]);
  });
});
