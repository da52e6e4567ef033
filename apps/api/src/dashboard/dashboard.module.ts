import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller.js';
import { GetDashboardOverviewHandler, GetMonitorSeriesHandler } from './dashboard.handlers.js';

@Module({ controllers: [DashboardController], providers: [GetDashboardOverviewHandler, GetMonitorSeriesHandler] })
export class DashboardModule {}
