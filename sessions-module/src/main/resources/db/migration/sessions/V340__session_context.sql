-- A session's context window as its last turn used it (SessionContextMeasuredEvent, ...Compacted); one row per
-- session, written by the session-view projection; `seq` is the last applied event's sequence.
CREATE TABLE session_context (
    session_id   uuid PRIMARY KEY,
    tokens       integer NOT NULL,
    window_size  integer NOT NULL,
    compactions  integer NOT NULL DEFAULT 0,
    -- the latest SessionContextCompactedEvent: its summary stands for the first summary_through
    -- user and assistant messages
    summary         text,
    summary_through integer,
    seq          bigint  NOT NULL
);
