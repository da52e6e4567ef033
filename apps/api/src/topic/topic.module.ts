import { Module } from '@nestjs/common';
import { TopicController } from './topic.controller.js';
import { CreateTopicHandler, DeleteTopicHandler, GetTopicDetailHandler, ListTopicsHandler } from './topic.handlers.js';

@Module({
  controllers: [TopicController],
  providers: [CreateTopicHandler, DeleteTopicHandler, ListTopicsHandler, GetTopicDetailHandler],
})
export class TopicModule {}
