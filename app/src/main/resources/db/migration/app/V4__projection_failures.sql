-- Events a projection could not apply. The processor records them here and moves on instead of
-- retrying one event forever; operators list them at GET /admin/projections and clear them with
-- DELETE /admin/projections/{name}/failures. No payload is kept: it may hold user data.

CREATE TABLE projection_failures (
    processor        text        NOT NULL,
    event_id         text        NOT NULL,
    global_index     bigint,
    aggregate_id     text,
    sequence_number  bigint,
    event_type       text        NOT NULL,
    error            text        NOT NULL,
    attempts         integer     NOT NULL DEFAULT 1,
    first_failed_at  timestamptz NOT NULL DEFAULT now(),
    last_failed_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (processor, event_id)
);
