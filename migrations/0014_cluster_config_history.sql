-- The cluster configuration's history and as-of reads read its stream straight from the log
-- (libs/read-models/cluster-config). A partial index, so only configuration events pay for it: the
-- history filtered by config_type, newest first, and each section's latest change up to a version.
CREATE INDEX events_cluster_config_by_type ON events (stream_id, (data->>'config_type'), stream_version)
  WHERE stream_type = 'cluster_config';
