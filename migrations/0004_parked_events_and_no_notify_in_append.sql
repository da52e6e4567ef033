-- A NOTIFY inside the appending transaction makes its commit wait behind one lock that Postgres
-- takes for every committing transaction with a pending notification (DESIGN §Projections).
-- Wake-ups are now sent after commit, coalesced, by the process that appended (libs/event-store/wake-ups.ts).
DROP TRIGGER events_appended ON events;
DROP FUNCTION notify_event_log_appended();

-- Events a log consumer could not handle on their own after its retries (a poison event): parked
-- here so the consumer moves on. `npm run parked -- list|retry|discard` deals with them.
CREATE TABLE parked_events (
  consumer_name  text NOT NULL,
  event_id       uuid NOT NULL,
  transaction_id xid8 NOT NULL,
  position       bigint NOT NULL,
  event_type     text NOT NULL,
  error          text NOT NULL,
  attempts       integer NOT NULL,
  parked_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_name, event_id)
);
