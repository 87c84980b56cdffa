-- Command-side tables (not projections): what a reconnecting client of a turn's stream needs. One
-- row per turn stream, and its events in order (seq from 1, the SSE id). Deltas are not domain
-- events; these rows are swept TURN_EVENTS_RETENTION_SECONDS after the turn ends. data is json (not
-- jsonb) so an event is sent back byte for byte as it was written.
CREATE TABLE session_turn_streams (
    turn_id    varchar(64)  PRIMARY KEY,
    session_id uuid         NOT NULL,
    created_at timestamptz  NOT NULL DEFAULT now(),
    ended_at   timestamptz
);
CREATE INDEX session_turn_streams_ended_idx ON session_turn_streams (ended_at);

CREATE TABLE session_turn_events (
    turn_id    varchar(64)  NOT NULL REFERENCES session_turn_streams (turn_id) ON DELETE CASCADE,
    seq        integer      NOT NULL,
    type       varchar(64)  NOT NULL,
    data       json         NOT NULL,
    created_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (turn_id, seq)
);
