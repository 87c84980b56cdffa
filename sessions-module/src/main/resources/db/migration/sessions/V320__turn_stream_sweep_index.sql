-- The sweep of turn streams that never ended (their node died before it could end them) reads them
-- by age; finished ones are read by ended_at (session_turn_streams_ended_idx), their events go by
-- cascade through the primary key (turn_id, seq).
CREATE INDEX session_turn_streams_open_created_idx ON session_turn_streams (created_at)
    WHERE ended_at IS NULL;
