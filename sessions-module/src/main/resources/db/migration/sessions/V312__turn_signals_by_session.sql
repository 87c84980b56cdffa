-- A turn is named by its session and its id, never by its id alone: a lease, a stream and its
-- events of one session's turn can never be taken for another session's (a fork once copied turn
-- ids; it gives its copied turns new ids now, and these keys hold either way).
ALTER TABLE session_turn_leases DROP CONSTRAINT session_turn_leases_pkey;
ALTER TABLE session_turn_leases ADD PRIMARY KEY (session_id, turn_id);

ALTER TABLE session_turn_events ADD COLUMN session_id uuid;
UPDATE session_turn_events e SET session_id = s.session_id
    FROM session_turn_streams s WHERE s.turn_id = e.turn_id;
ALTER TABLE session_turn_events ALTER COLUMN session_id SET NOT NULL;
ALTER TABLE session_turn_events DROP CONSTRAINT session_turn_events_turn_id_fkey;
ALTER TABLE session_turn_events DROP CONSTRAINT session_turn_events_pkey;
ALTER TABLE session_turn_streams DROP CONSTRAINT session_turn_streams_pkey;
ALTER TABLE session_turn_streams ADD PRIMARY KEY (session_id, turn_id);
ALTER TABLE session_turn_events ADD PRIMARY KEY (session_id, turn_id, seq);
ALTER TABLE session_turn_events ADD CONSTRAINT session_turn_events_stream_fkey
    FOREIGN KEY (session_id, turn_id) REFERENCES session_turn_streams (session_id, turn_id)
    ON DELETE CASCADE;
