-- The event log: the single source of truth. Rows are never updated or deleted.
CREATE TABLE streams (
  stream_id   text PRIMARY KEY,
  stream_type text NOT NULL,
  version     bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE events (
  position       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Readers order by (transaction_id, position) and only read below the oldest running
  -- transaction, so an event that commits late is never skipped (docs/adr/0001).
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id      text NOT NULL,
  stream_type    text NOT NULL,
  stream_version bigint NOT NULL,
  event_id       uuid NOT NULL UNIQUE,
  event_type     text NOT NULL,
  schema_version integer NOT NULL,
  data           jsonb NOT NULL,
  metadata       jsonb NOT NULL DEFAULT '{}',
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, stream_version)
);
CREATE INDEX events_log_order ON events (transaction_id, position);

-- Where each log consumer (projection or publisher) has got to, as (transaction_id, position).
CREATE TABLE consumer_checkpoints (
  consumer_name  text PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT '0',
  position       bigint NOT NULL DEFAULT 0,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Wakes log consumers as soon as events commit; they also poll, so a lost notification only costs latency.
CREATE FUNCTION notify_event_log_appended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('event_log_appended', '');
  RETURN NULL;
END $$;
CREATE TRIGGER events_appended AFTER INSERT ON events
  FOR EACH STATEMENT EXECUTE FUNCTION notify_event_log_appended();
