import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CreateTopic, DeleteTopic } from '#libs/domain/topic';
import { toListRequest } from '#libs/read-models/list-query';
import { GetTopicDetail, topicList } from '#libs/read-models/topic';
import { ListRows } from '../tenant-resource/tenant-resource.handlers.js';
import { CreateTopicDto, TopicDetailRow, TopicIdentityDto, TopicListQueryDto, TopicRow } from './topic.dto.js';
import { CommandEndpoint, ListEndpoint, ReadEndpoint } from '../openapi/endpoints.js';

/** The API document's paths, plus the `/api/mqtt/topic` aliases the RobustMQ dashboard uses. */
@Controller(['api/cluster/topic', 'api/mqtt/topic'])
export class TopicController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('list')
  @ListEndpoint('List topics', TopicRow)
  list(@Query() query: TopicListQueryDto) {
    // `all` is the same as no topic_type filter.
    const parameters = { ...query, topic_type: query.topic_type === 'all' ? undefined : query.topic_type };
    return this.queries.execute(new ListRows(topicList, toListRequest(topicList, parameters)));
  }

  @Get('detail')
  @ReadEndpoint("A topic's record, and what brokers report about it", TopicDetailRow, [404])
  detail(@Query() query: TopicIdentityDto) {
    return this.queries.execute(new GetTopicDetail(query.tenant, query.topic_name));
  }

  @Post('create')
  @CommandEndpoint("Register a topic in an existing tenant, within the tenant's max_topics", [404])
  @HttpCode(200)
  create(@Body() body: CreateTopicDto) {
    const now = Math.floor(Date.now() / 1000);
    return this.commands.execute(
      new CreateTopic(
        body.tenant,
        body.topic_name,
        randomUUID().replaceAll('-', ''),
        body.storage_type ?? 'EngineMemory',
        body.source ?? 'MQTT',
        body.partition ?? 1,
        body.replication ?? 1,
        now,
      ),
    );
  }

  @Post('delete')
  @CommandEndpoint('Delete a topic', [404])
  @HttpCode(200)
  delete(@Body() body: TopicIdentityDto) {
    return this.commands.execute(new DeleteTopic(body.tenant, body.topic_name));
  }
}
