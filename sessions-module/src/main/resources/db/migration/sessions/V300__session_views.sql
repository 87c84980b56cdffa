-- Read model of the session-view projection: one row per session (deleted ones as tombstones).
CREATE TABLE session_view (
    session_id    uuid         PRIMARY KEY,
    owner_id      varchar(255) NOT NULL,
    config_id     varchar(64)  NOT NULL,
    status        varchar(16)  NOT NULL,
    message_count integer      NOT NULL DEFAULT 0,
    turns         integer      NOT NULL DEFAULT 0,
    tags          jsonb        NOT NULL DEFAULT '{}'::jsonb,
    metadata      jsonb        NOT NULL DEFAULT '{}'::jsonb,
    participants  jsonb        NOT NULL DEFAULT '{}'::jsonb,
    running_turn  varchar(64),
    forked_from   varchar(64),
    created_at    timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL,
    deleted       boolean      NOT NULL DEFAULT false,
    version       bigint       NOT NULL
);
CREATE INDEX session_view_owner_idx ON session_view (owner_id, updated_at DESC) WHERE NOT deleted;
CREATE INDEX session_view_participants_idx ON session_view USING gin (participants);
CREATE INDEX session_view_tags_idx ON session_view USING gin (tags jsonb_path_ops);

-- The transcript, written by the same projection (one processing group, replayed together).
CREATE TABLE session_messages (
    session_id uuid         NOT NULL,
    seq        integer      NOT NULL,
    role       varchar(16)  NOT NULL,
    content    text         NOT NULL,
    turn_id    varchar(64)  NOT NULL,
    cancelled  boolean      NOT NULL DEFAULT false,
    created_at timestamptz  NOT NULL,
    PRIMARY KEY (session_id, seq)
);
