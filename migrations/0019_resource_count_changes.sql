-- The dashboard's topic and connector counts over time (GET /api/mqtt/monitor/data) are read from the
-- log: the creates and deletes of the last hour, by minute (libs/read-models/dashboard). A partial
-- index, so that only those four event types pay for it, and the read covers the window alone.
CREATE INDEX events_resource_count_changes ON events (recorded_at, event_type)
  WHERE event_type IN ('TopicCreated', 'TopicDeleted', 'ConnectorCreated', 'ConnectorDeleted');
