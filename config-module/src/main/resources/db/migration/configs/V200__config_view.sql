-- Read model of the config-view projection: one row per config, the document as JSONB.
CREATE TABLE config_view (
    config_id    uuid         PRIMARY KEY,
    owner_id     varchar(255) NOT NULL,
    name         varchar(255) NOT NULL,
    description  text,
    config_data  jsonb        NOT NULL,
    tags         jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz  NOT NULL,
    updated_at   timestamptz  NOT NULL,
    version      bigint       NOT NULL
);

CREATE INDEX config_view_owner_updated_idx ON config_view (owner_id, updated_at DESC, config_id);
CREATE INDEX config_view_tags_idx ON config_view USING gin (tags jsonb_path_ops);
