-- A session's context window as its last turn used it (SessionContextMeasuredEvent); one row per
-- session, written by the session-view projection; `seq` is the last applied event's sequence.
CREATE TABLE session_context (
    session_id   uuid PRIMARY KEY,
    tokens       integer NOT NULL,
    window_size  integer NOT NULL,
    compactions  integer NOT NULL DEFAULT 0,
    seq          bigint  NOT NULL
);
