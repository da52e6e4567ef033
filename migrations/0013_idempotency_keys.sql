-- Answers of POST requests sent with an Idempotency-Key (API-CONTRACT §8): a repeat of the same request
-- gets the first answer and appends nothing. A key is claimed in its own short transaction before the
-- command runs, never inside the append's, so it cannot give the append an earlier transaction id.
CREATE TABLE idempotency_keys (
  -- The token name (the actor), so that two clients choosing the same key never see each other's answers.
  scope text NOT NULL,
  key text NOT NULL,
  -- SHA-256 of the method, the route and the body as canonical JSON.
  fingerprint bytea NOT NULL,
  claimed_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- NULL while the first request is still running.
  status integer,
  body text,
  headers jsonb,
  PRIMARY KEY (scope, key)
);

CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
