-- Command-side table (not a projection): turns that wait for a person (an approval) or a client (a
-- client-side tool's result) hold no thread and no lease; what the agent loop needs to go on is
-- kept here until the answer, a cancel or the wait's limit (wake_at) wakes the turn on any node.
-- A node claims a row while it looks at it (claimed_at, taken over once stale); wakes counts the
-- wake-ups so one that arrives during a claim is not lost.
CREATE TABLE session_parked_turns (
    turn_id    varchar(64)  PRIMARY KEY,
    session_id uuid         NOT NULL,
    state      text         NOT NULL,
    wake_at    timestamptz  NOT NULL,
    wakes      integer      NOT NULL DEFAULT 0,
    claimed_by varchar(64),
    claimed_at timestamptz,
    parked_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX session_parked_turns_wake_idx ON session_parked_turns (wake_at);
CREATE INDEX session_parked_turns_session_idx ON session_parked_turns (session_id);

-- Who runs each leased turn, for the caps TURN_MAX_CONCURRENT_PER_USER and _PER_APP (counted
-- across nodes); null on leases taken before this column existed.
ALTER TABLE session_turn_leases ADD COLUMN user_id varchar(256);
ALTER TABLE session_turn_leases ADD COLUMN app_id varchar(256);
CREATE INDEX session_turn_leases_user_idx ON session_turn_leases (user_id);
CREATE INDEX session_turn_leases_app_idx ON session_turn_leases (app_id);
