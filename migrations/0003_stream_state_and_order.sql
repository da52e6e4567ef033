-- Each stream row also keeps:
--  * last_transaction_id: the xid of the stream's last append (or of the last append that required it
--    at its version). An append from an older transaction is refused, so a stream's versions can never be out of order in the log's (transaction_id, position)
--    order, whatever else the appending transaction wrote first.
--  * state / state_schema / state_version: the decider's folded state after version state_version,
--    written by the append itself, so loading a stream's state reads this row and the few events after
--    it, however long the stream is. A state under another state_schema is ignored and refolded.
ALTER TABLE streams
  ADD COLUMN last_transaction_id xid8 NOT NULL DEFAULT '0',
  ADD COLUMN state jsonb,
  ADD COLUMN state_schema integer,
  ADD COLUMN state_version bigint NOT NULL DEFAULT 0;

UPDATE streams s
   SET last_transaction_id = (SELECT e.transaction_id FROM events e WHERE e.stream_id = s.stream_id
                               ORDER BY e.stream_version DESC LIMIT 1)
 WHERE EXISTS (SELECT FROM events e WHERE e.stream_id = s.stream_id);

-- Appends to one or more streams in one statement, all or nothing, after checking that the streams in
-- `requirements` are still at the versions the decision read. Raises SQLSTATE RA001 for a concurrency
-- conflict and RA002 for a stream id used with another stream type.
--   appends:      [{stream_id, stream_type, expected (0 = no stream yet), events: [{id, type, version, data}],
--                   state (null: keep the stored one), state_schema}]
--   requirements: [{stream_id, version}]
CREATE FUNCTION append_to_streams(appends jsonb, requirements jsonb, metadata jsonb)
RETURNS TABLE (appended_stream_id text, appended_version bigint, appended_position bigint, appended_transaction_id xid8)
LANGUAGE plpgsql AS $$
DECLARE
  target record;
  found_type text;
  event_count integer;
BEGIN
  -- Rows are locked in stream-id order, so two commands over the same streams cannot deadlock.
  FOR target IN
    SELECT a.stream_id, a.stream_type, a.expected, a.events, a.state, a.state_schema, NULL::bigint AS required_version
      FROM jsonb_to_recordset(appends) AS a(stream_id text, stream_type text, expected bigint, events jsonb, state jsonb, state_schema integer)
    UNION ALL
    SELECT r.stream_id, NULL, NULL, NULL, NULL, NULL, r.version
      FROM jsonb_to_recordset(requirements) AS r(stream_id text, version bigint)
    ORDER BY 1
  LOOP
    IF target.required_version = 0 THEN
      -- An absent stream has no row to lock: it is checked, not held (see runCommandAcross).
      IF EXISTS (SELECT FROM streams s WHERE s.stream_id = target.stream_id) THEN
        RAISE EXCEPTION 'stream % exists now', target.stream_id USING ERRCODE = 'RA001', DETAIL = target.stream_id;
      END IF;
      CONTINUE;
    ELSIF target.required_version IS NOT NULL THEN
      -- Holds the required stream at its version until commit, and marks it as read by this transaction:
      -- its next writer waits for this one and must have a newer transaction id, so in the log's order
      -- every event this decision depended on comes before its events, and every later change after.
      UPDATE streams s SET last_transaction_id = pg_current_xact_id()
       WHERE s.stream_id = target.stream_id
         AND s.version = target.required_version
         AND s.last_transaction_id <= pg_current_xact_id();
      IF NOT FOUND THEN
        RAISE EXCEPTION 'stream % is no longer at version %', target.stream_id, target.required_version
          USING ERRCODE = 'RA001', DETAIL = target.stream_id;
      END IF;
      CONTINUE;
    END IF;

    event_count := jsonb_array_length(target.events);
    IF target.expected = 0 THEN
      INSERT INTO streams (stream_id, stream_type, version, last_transaction_id, state, state_schema, state_version)
      VALUES (target.stream_id, target.stream_type, event_count, pg_current_xact_id(), target.state, target.state_schema,
              CASE WHEN target.state IS NULL THEN 0 ELSE event_count END)
      ON CONFLICT DO NOTHING;
    ELSE
      UPDATE streams s
         SET version = s.version + event_count,
             last_transaction_id = pg_current_xact_id(),
             state = coalesce(target.state, s.state),
             state_schema = CASE WHEN target.state IS NULL THEN s.state_schema ELSE target.state_schema END,
             state_version = CASE WHEN target.state IS NULL THEN s.state_version ELSE s.version + event_count END,
             updated_at = now()
       WHERE s.stream_id = target.stream_id
         AND s.version = target.expected
         AND s.stream_type = target.stream_type
         AND s.last_transaction_id <= pg_current_xact_id();
    END IF;
    IF NOT FOUND THEN
      SELECT s.stream_type INTO found_type FROM streams s WHERE s.stream_id = target.stream_id;
      IF found_type IS DISTINCT FROM target.stream_type AND found_type IS NOT NULL THEN
        RAISE EXCEPTION 'stream % is a % stream, not a % stream', target.stream_id, found_type, target.stream_type
          USING ERRCODE = 'RA002', DETAIL = target.stream_id;
      END IF;
      -- Another version, or the stream's last append came from a newer transaction than this one.
      RAISE EXCEPTION 'stream % is not at version %', target.stream_id, target.expected
        USING ERRCODE = 'RA001', DETAIL = target.stream_id;
    END IF;

    RETURN QUERY
      INSERT INTO events (stream_id, stream_type, stream_version, event_id, event_type, schema_version, data, metadata)
      SELECT target.stream_id, target.stream_type, target.expected + e.ord,
             (e.row->>'id')::uuid, e.row->>'type', (e.row->>'version')::int, e.row->'data', metadata
        FROM jsonb_array_elements(target.events) WITH ORDINALITY AS e(row, ord)
       ORDER BY e.ord
      RETURNING events.stream_id, events.stream_version, events.position, events.transaction_id;
  END LOOP;
END $$;
