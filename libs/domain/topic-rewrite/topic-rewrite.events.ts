/** Which packets a rewrite rule applies to (RobustMQ's CreateTopicRewriteReq.action). */
export const TOPIC_REWRITE_ACTIONS = ['All', 'Publish', 'Subscribe'] as const;
export type TopicRewriteAction = (typeof TOPIC_REWRITE_ACTIONS)[number];

/** Schema version 1 of each event; upcasters for later versions live beside this file. */
export type TopicRewriteCreated = {
  type: 'TopicRewriteCreated';
  data: {
    tenant: string;
    name: string;
    desc: string;
    action: TopicRewriteAction;
    source_topic: string;
    dest_topic: string;
    regex: string;
    create_time: number;
  };
};

export type TopicRewriteDeleted = {
  type: 'TopicRewriteDeleted';
  data: { tenant: string; name: string };
};

export type TopicRewriteEvent = TopicRewriteCreated | TopicRewriteDeleted;

const TOPIC_REWRITE_EVENT_TYPE_RECORD: Record<TopicRewriteEvent['type'], true> = { TopicRewriteCreated: true, TopicRewriteDeleted: true };
/** Every topic rewrite event type; the record's keys make the compiler check the list is complete. */
export const TOPIC_REWRITE_EVENT_TYPES = Object.keys(TOPIC_REWRITE_EVENT_TYPE_RECORD) as TopicRewriteEvent['type'][];
