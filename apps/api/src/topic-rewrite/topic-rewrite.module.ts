import { Module } from '@nestjs/common';
import { TopicRewriteController } from './topic-rewrite.controller.js';
import { CreateTopicRewriteHandler, DeleteTopicRewriteHandler, ListTopicRewritesHandler } from './topic-rewrite.handlers.js';

@Module({
  controllers: [TopicRewriteController],
  providers: [CreateTopicRewriteHandler, DeleteTopicRewriteHandler, ListTopicRewritesHandler],
})
export class TopicRewriteModule {}
