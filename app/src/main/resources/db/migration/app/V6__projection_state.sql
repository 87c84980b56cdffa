-- One row per read model that has been rebuilt: the state every node reports (live, rebuilding,
-- switching, failed) and the progress of the shadow replay. No row means live and never rebuilt.
CREATE TABLE projection_state (
    name              varchar(64)      PRIMARY KEY,
    state             varchar(16)      NOT NULL,
    node              varchar(255),
    started_at        timestamptz,
    updated_at        timestamptz      NOT NULL DEFAULT now(),
    finished_at       timestamptz,
    start_head        bigint,
    position          bigint,
    head              bigint,
    events            bigint           NOT NULL DEFAULT 0,
    events_per_second double precision,
    error             text
);
