-- The service nodes running on this database, each renewing its row every few seconds, so a node
-- knows how many share the projections' segments (a node holding none is seen here too). A row not
-- renewed within the claim timeout belongs to a node that stopped; old rows are deleted.
CREATE TABLE service_nodes (
    node_id      varchar(255) PRIMARY KEY,
    started_at   timestamptz  NOT NULL DEFAULT now(),
    heartbeat_at timestamptz  NOT NULL DEFAULT now()
);
