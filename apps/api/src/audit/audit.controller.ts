import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { auditList } from '#libs/read-models/audit';
import { toListRequest } from '#libs/read-models/list-query';
import { ListRows } from '../tenant-resource/tenant-resource.handlers.js';
import { AuditListQueryDto, AuditRow } from './audit.dto.js';
import { ListEndpoint } from '../openapi/endpoints.js';

/** The audit log (API-CONTRACT §8): the event log as rows, filtered and paged. */
@Controller('api/cluster/audit')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get('list')
  @ListEndpoint('The event log as rows, newest first, filtered and paged', AuditRow)
  list(@Query() query: AuditListQueryDto) {
    return this.queries.execute(new ListRows(auditList, toListRequest(auditList, query)));
  }
}
