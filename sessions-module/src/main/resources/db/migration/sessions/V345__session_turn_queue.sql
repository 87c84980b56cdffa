-- Turns queued behind a running one (multitask_strategy enqueue, interrupt, rollback; ADR 25),
-- written inline with their SessionTurnEnqueued event and deleted when they start or are dropped.
-- claimed_until: a node is starting the turn (exclusive, so one node starts it).
CREATE TABLE session_turn_queue (
    turn_id       varchar(64)  PRIMARY KEY,
    session_id    uuid         NOT NULL,
    position      integer      NOT NULL,
    author_id     varchar(400) NOT NULL,
    actor         jsonb        NOT NULL,
    content       text         NOT NULL,
    context       jsonb,
    strategy      varchar(16)  NOT NULL,
    streamed      boolean      NOT NULL,
    tools         text,
    enqueued_at   timestamptz  NOT NULL,
    claimed_until timestamptz
);
CREATE INDEX session_turn_queue_session_idx ON session_turn_queue (session_id, position);
