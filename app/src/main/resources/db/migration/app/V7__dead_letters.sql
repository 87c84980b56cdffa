-- Axon's JDBC dead-letter queue (JdbcSequencedDeadLetterQueue with DeadLetterSchema's defaults,
-- unquoted so PostgreSQL folds them to lower case like Axon's queries), written for PostgreSQL:
-- serialized data as BYTEA, timestamps as Axon's ISO-8601 text. One row per event a projection
-- could not apply, or parked behind such an event of the same aggregate (sequence). Listed at
-- GET /admin/dead-letters; retried and evicted there. The cause is a bounded summary (error class
-- and SQLState), never an error message that could hold user data.
-- V1 created a table of this name with other column names than Axon's (deadletterid,
-- aggregatetype), never used: Axon's queries need its defaults, so it is replaced.
DROP TABLE deadletterentry;

CREATE TABLE deadletterentry (
    deadletteridentifier varchar(255)  NOT NULL,
    processinggroup      varchar(255)  NOT NULL,
    sequenceidentifier   varchar(255)  NOT NULL,
    sequenceindex        bigint        NOT NULL,
    messagetype          varchar(255)  NOT NULL,
    eventidentifier      varchar(255)  NOT NULL,
    timestamp            varchar(255)  NOT NULL,
    payloadtype          varchar(255)  NOT NULL,
    payloadrevision      varchar(255),
    payload              bytea         NOT NULL,
    metadata             bytea,
    type                 varchar(255),
    aggregateidentifier  varchar(255),
    sequencenumber       bigint,
    tokentype            varchar(255),
    token                bytea,
    enqueuedat           varchar(255)  NOT NULL,
    lasttouched          varchar(255),
    processingstarted    varchar(255),
    causetype            varchar(255),
    causemessage         varchar(1024),
    diagnostics          bytea,
    CONSTRAINT deadletterentry_pk PRIMARY KEY (deadletteridentifier),
    CONSTRAINT deadletterentry_sequence_index_uq
        UNIQUE (processinggroup, sequenceidentifier, sequenceindex)
);

CREATE INDEX deadletterentry_processing_group_idx ON deadletterentry (processinggroup);
CREATE INDEX deadletterentry_sequence_identifier_idx
    ON deadletterentry (processinggroup, sequenceidentifier);

-- Superseded by the dead-letter queue: a skipped event was recorded there and lost to its
-- projection; now it waits in the queue until an operator retries or evicts it.
DROP TABLE projection_failures;
