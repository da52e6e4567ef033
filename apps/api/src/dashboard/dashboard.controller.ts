import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MonitorDataQueryDto } from './dashboard.dto.js';
import { GetDashboardOverview, GetMonitorSeries } from './dashboard.handlers.js';

/**
 * What the RobustMQ dashboard (robustmq-copilot) polls on its home page, at the paths it calls; RobustMQ
 * serves them under /api/mqtt only, and the API contract lists no alias for them.
 */
@Controller('api/mqtt')
export class DashboardController {
  constructor(private readonly queries: QueryBus) {}

  @Get('overview')
  overview() {
    return this.queries.execute(new GetDashboardOverview());
  }

  @Get('monitor/data')
  monitorData(@Query() query: MonitorDataQueryDto) {
    const { data_type, topic_name, client_id, path, connector_name } = query;
    return this.queries.execute(new GetMonitorSeries(data_type, { topic_name, client_id, path, connector_name }));
  }
}
