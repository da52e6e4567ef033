-- The cluster-metadata projection is split in two log consumers, named as the cluster status' sections
-- (API-CONTRACT §6): `meta` (tenants) and `mqtt` (users, ACL, blacklist, topics, topic rewrites,
-- connectors, schemas). Both start where cluster-metadata stood, so an upgraded database is not
-- projected again from position 0 into tables that already hold every event up to there. Its parked
-- events go to the projector that handles their type. The old row goes: an instance of the previous
-- version still running finds no checkpoint to advance, and commits nothing (stop them before upgrading).
INSERT INTO consumer_checkpoints (consumer_name, transaction_id, position, updated_at)
SELECT projector, transaction_id, position, updated_at
  FROM consumer_checkpoints, (VALUES ('meta'), ('mqtt')) AS projectors(projector)
 WHERE consumer_name = 'cluster-metadata'
ON CONFLICT (consumer_name) DO NOTHING;

UPDATE parked_events
   SET consumer_name = CASE WHEN event_type IN ('TenantCreated', 'TenantUpdated', 'TenantDeleted') THEN 'meta' ELSE 'mqtt' END
 WHERE consumer_name = 'cluster-metadata';

DELETE FROM consumer_checkpoints WHERE consumer_name = 'cluster-metadata';
