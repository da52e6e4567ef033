-- Read model of MQTT users, written only by the cluster-metadata projection. No password, nor its hash:
-- lists never return them, and brokers read the hash from the events (topic <prefix>user).
CREATE TABLE rm_users (
  tenant          text COLLATE "C" NOT NULL,
  username        text COLLATE "C" NOT NULL,
  -- foldCase(username), for the case-insensitive substring filter (`username` / `user_name`).
  username_folded text NOT NULL,
  is_superuser    boolean NOT NULL,
  create_time     bigint NOT NULL,
  -- The natural order (tenant, username), the exact tenant filter and sort_field=tenant.
  PRIMARY KEY (tenant, username)
);
-- sort_field=username: ties are broken by tenant, in the same direction.
CREATE INDEX rm_users_username ON rm_users (username, tenant);
-- The fuzzy username filter is a substring match (LIKE) on the folded name, served by trigrams.
CREATE INDEX rm_users_username_folded_trgm ON rm_users USING gin (username_folded gin_trgm_ops);

SELECT rm_keep_counts('rm_users', 'tenant');
