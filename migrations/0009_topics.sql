-- Read model of topics, written only by the cluster-metadata projection. A deleted topic's row is
-- removed (the soft delete lives in the log as TopicDeleted): it is gone from list and detail at once.
CREATE TABLE rm_topics (
  tenant            text COLLATE "C" NOT NULL,
  -- topicKey(topic_name): the name itself up to 256 bytes, else a prefix, '#' and its SHA-256, so that
  -- any legal name (up to 65,535 bytes) fits a btree entry. Sorting by topic_name sorts by this key.
  topic_key         text COLLATE "C" NOT NULL,
  topic_name        text NOT NULL,
  -- foldCase(topic_name), for the case-insensitive substring filter.
  topic_name_folded text NOT NULL,
  -- 'system' for a name starting with '$', else 'normal': the list's topic_type filter.
  topic_type        text NOT NULL CHECK (topic_type IN ('normal', 'system')),
  topic_id          text NOT NULL,
  storage_type      text NOT NULL,
  source            text NOT NULL,
  partition         integer NOT NULL,
  replication       integer NOT NULL,
  config            jsonb NOT NULL,
  create_time       bigint NOT NULL,
  PRIMARY KEY (tenant, topic_key)
);
-- sort_field=topic_name (ties by tenant); the primary key serves the natural order and sort_field=tenant.
CREATE INDEX rm_topics_key ON rm_topics (topic_key, tenant);
-- topic_type=normal|system, alone or with an exact tenant.
CREATE INDEX rm_topics_type ON rm_topics (topic_type, tenant, topic_key);
CREATE INDEX rm_topics_name_folded_trgm ON rm_topics USING gin (topic_name_folded gin_trgm_ops);

SELECT rm_keep_counts('rm_topics', 'tenant');
