import { Module } from '@nestjs/common';
import { CreateTopicRewrite, DeleteTopicRewrite, topicRewriteRules } from '#libs/domain/topic-rewrite';
import { withinTenantCommandHandlers } from '../tenant-resource/tenant-resource.handlers.js';
import { TopicRewriteController } from './topic-rewrite.controller.js';

@Module({
  controllers: [TopicRewriteController],
  providers: withinTenantCommandHandlers(topicRewriteRules, [CreateTopicRewrite, DeleteTopicRewrite]),
})
export class TopicRewriteModule {}
