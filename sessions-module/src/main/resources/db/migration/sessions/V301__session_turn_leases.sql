-- Command-side table (not a projection): which node runs which turn, renewed while it runs. A
-- lease not renewed for TURN_LEASE_SECONDS belongs to a node that died; any node fails its turn.
CREATE TABLE session_turn_leases (
    turn_id    varchar(64)  PRIMARY KEY,
    session_id uuid         NOT NULL,
    node_id    varchar(64)  NOT NULL,
    renewed_at timestamptz  NOT NULL
);
CREATE INDEX session_turn_leases_renewed_idx ON session_turn_leases (renewed_at);
