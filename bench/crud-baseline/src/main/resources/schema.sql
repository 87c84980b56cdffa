CREATE TABLE IF NOT EXISTS configs (
  config_id uuid PRIMARY KEY,
  user_id text NOT NULL,
  name text NOT NULL,
  description text,
  config_data jsonb NOT NULL,
  tags jsonb NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS configs_user_created ON configs (user_id, created_at DESC);
