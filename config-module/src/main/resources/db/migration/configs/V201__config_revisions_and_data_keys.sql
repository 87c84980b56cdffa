-- config-view: the content revision (1 = as created; the ETag) and tombstones for deleted configs,
-- so a reader can wait for the version that deleted one.
ALTER TABLE config_view ADD COLUMN revision integer NOT NULL DEFAULT 1;
ALTER TABLE config_view ADD COLUMN deleted boolean NOT NULL DEFAULT false;

-- Command-side envelope keys: one random data key per config, wrapped by a master key, kept
-- outside the event store so that deleting it shreds the config's secrets for good.
CREATE TABLE config_data_keys (
    config_id     uuid         PRIMARY KEY,
    owner_id      varchar(255) NOT NULL,
    wrapped_key   text,
    master_key_id varchar(32),
    created_at    timestamptz  NOT NULL,
    destroyed_at  timestamptz
);
CREATE INDEX config_data_keys_master_idx ON config_data_keys (master_key_id) WHERE wrapped_key IS NOT NULL;
