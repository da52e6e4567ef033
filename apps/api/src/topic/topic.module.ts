import { Module } from '@nestjs/common';
import { KeyedQueue } from '#libs/application';
import { TopicController } from './topic.controller.js';
import { CreateTopicHandler, DeleteTopicHandler, GetTopicDetailHandler, TOPIC_COMMANDS_PER_TENANT } from './topic.handlers.js';

@Module({
  controllers: [TopicController],
  providers: [
    { provide: TOPIC_COMMANDS_PER_TENANT, useFactory: () => new KeyedQueue() },
    CreateTopicHandler,
    DeleteTopicHandler,
    GetTopicDetailHandler,
  ],
})
export class TopicModule {}
