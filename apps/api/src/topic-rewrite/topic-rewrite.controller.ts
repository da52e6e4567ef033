import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CreateTopicRewrite, DeleteTopicRewrite } from '#libs/domain/topic-rewrite';
import { toListRequest } from '#libs/read-models/list-query';
import { topicRewriteList } from '#libs/read-models/topic-rewrite';
import { ListRows } from '../tenant-resource/tenant-resource.handlers.js';
import { CreateTopicRewriteDto, DeleteTopicRewriteDto, TopicRewriteListQueryDto, TopicRewriteRow } from './topic-rewrite.dto.js';
import { CommandEndpoint, ListEndpoint } from '../openapi/endpoints.js';

/** The API document's paths, plus the `/api/mqtt/topic-rewrite` aliases the RobustMQ dashboard uses. */
@Controller(['api/cluster/topic-rewrite', 'api/mqtt/topic-rewrite'])
export class TopicRewriteController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('list')
  @ListEndpoint('List topic rewrite rules', TopicRewriteRow)
  list(@Query() query: TopicRewriteListQueryDto) {
    return this.queries.execute(new ListRows(topicRewriteList, toListRequest(topicRewriteList, query)));
  }

  @Post('create')
  @CommandEndpoint('Create a topic rewrite rule in an existing tenant', [404])
  @HttpCode(200)
  create(@Body() body: CreateTopicRewriteDto) {
    const now = Math.floor(Date.now() / 1000);
    return this.commands.execute(
      new CreateTopicRewrite(
        body.tenant,
        body.name,
        body.desc ?? undefined,
        body.action,
        body.source_topic,
        body.dest_topic,
        body.regex,
        now,
      ),
    );
  }

  @Post('delete')
  @CommandEndpoint('Delete a topic rewrite rule', [404])
  @HttpCode(200)
  delete(@Body() body: DeleteTopicRewriteDto) {
    return this.commands.execute(new DeleteTopicRewrite(body.tenant, body.name));
  }
}
