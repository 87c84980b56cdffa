-- Read model of the application-view projection: one row per application id; a deleted one stays
-- as a tombstone (deleted = true) so readers can wait for the version that deleted it.
CREATE TABLE application_view (
    app_id      varchar(255) PRIMARY KEY,
    app_name    varchar(255) NOT NULL,
    key_prefix  varchar(32)  NOT NULL,
    key_hash    varchar(255) NOT NULL,
    admin       boolean      NOT NULL DEFAULT false,
    settings    jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL,
    deleted     boolean      NOT NULL DEFAULT false,
    version     bigint       NOT NULL
);
CREATE INDEX application_view_key_prefix_idx ON application_view (key_prefix);
CREATE INDEX application_view_created_idx ON application_view (created_at DESC);

-- Read model of the user-view projection: who has used the service, first and last seen.
CREATE TABLE user_view (
    user_id      varchar(255) PRIMARY KEY,
    first_seen   timestamptz  NOT NULL,
    last_seen    timestamptz  NOT NULL,
    last_app_id  varchar(255),
    version      bigint       NOT NULL
);
