import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MonitorDataQueryDto } from './dashboard.dto.js';
import { GetDashboardOverview, GetMonitorSeries } from './dashboard.handlers.js';
import { DASHBOARD_OVERVIEW, MONITOR_SERIES } from './dashboard.schemas.js';
import { ReadEndpoint } from '../openapi/endpoints.js';

/**
 * What the RobustMQ dashboard (robustmq-copilot) polls on its home page, at the paths it calls; RobustMQ
 * serves them under /api/mqtt only, and the API contract lists no alias for them.
 */
@Controller('api/mqtt')
export class DashboardController {
  constructor(private readonly queries: QueryBus) {}

  @Get('overview')
  @ReadEndpoint("The dashboard home page's figures: what this service knows, 0 for what only brokers know", DASHBOARD_OVERVIEW)
  overview() {
    return this.queries.execute(new GetDashboardOverview());
  }

  @Get('monitor/data')
  @ReadEndpoint("One monitor series of the dashboard (topic and connector counts from the log; 0 for the brokers' figures)", MONITOR_SERIES)
  monitorData(@Query() query: MonitorDataQueryDto) {
    const { data_type, topic_name, client_id, path, connector_name } = query;
    return this.queries.execute(new GetMonitorSeries(data_type, { topic_name, client_id, path, connector_name }));
  }
}
