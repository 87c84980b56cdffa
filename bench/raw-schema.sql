-- A table shaped like Axon's domainevententry, in its own database, for the raw append floor.
DROP TABLE IF EXISTS raw_events;
CREATE TABLE raw_events (
    globalindex         bigserial    NOT NULL PRIMARY KEY,
    aggregateidentifier varchar(255) NOT NULL,
    sequencenumber      bigint       NOT NULL,
    type                varchar(255),
    eventidentifier     varchar(255) NOT NULL UNIQUE,
    metadata            bytea,
    payload             bytea        NOT NULL,
    payloadrevision     varchar(255),
    payloadtype         varchar(255) NOT NULL,
    timestamp           varchar(255) NOT NULL,
    UNIQUE (aggregateidentifier, sequencenumber)
);
