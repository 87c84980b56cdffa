-- Axon Framework's JDBC tables, owned by Flyway. Payloads are BYTEA holding UTF-8 JSON
-- (convert_from(payload, 'UTF8') reads any event). Names are Axon's defaults, unquoted.

CREATE TABLE domainevententry (
    globalindex         bigserial    NOT NULL,
    aggregateidentifier varchar(255) NOT NULL,
    sequencenumber      bigint       NOT NULL,
    type                varchar(255),
    eventidentifier     varchar(255) NOT NULL,
    metadata            bytea,
    payload             bytea        NOT NULL,
    payloadrevision     varchar(255),
    payloadtype         varchar(255) NOT NULL,
    timestamp           varchar(255) NOT NULL,
    PRIMARY KEY (globalindex),
    CONSTRAINT domainevententry_aggregate_sequence_uq UNIQUE (aggregateidentifier, sequencenumber),
    CONSTRAINT domainevententry_event_identifier_uq UNIQUE (eventidentifier)
);

CREATE TABLE snapshotevententry (
    aggregateidentifier varchar(255) NOT NULL,
    sequencenumber      bigint       NOT NULL,
    type                varchar(255) NOT NULL,
    eventidentifier     varchar(255) NOT NULL,
    metadata            bytea,
    payload             bytea        NOT NULL,
    payloadrevision     varchar(255),
    payloadtype         varchar(255) NOT NULL,
    timestamp           varchar(255) NOT NULL,
    PRIMARY KEY (aggregateidentifier, sequencenumber),
    CONSTRAINT snapshotevententry_event_identifier_uq UNIQUE (eventidentifier)
);

CREATE TABLE tokenentry (
    processorname varchar(255) NOT NULL,
    segment       integer      NOT NULL,
    token         bytea,
    tokentype     varchar(255),
    timestamp     varchar(255),
    owner         varchar(255),
    PRIMARY KEY (processorname, segment)
);

CREATE TABLE sagaentry (
    sagaid         varchar(255) NOT NULL,
    revision       varchar(255),
    sagatype       varchar(255),
    serializedsaga bytea,
    PRIMARY KEY (sagaid)
);

CREATE TABLE associationvalueentry (
    id               bigserial    NOT NULL,
    associationkey   varchar(255) NOT NULL,
    associationvalue varchar(255),
    sagatype         varchar(255),
    sagaid           varchar(255),
    PRIMARY KEY (id)
);
CREATE INDEX associationvalueentry_saga_idx ON associationvalueentry (sagaid, sagatype);
CREATE INDEX associationvalueentry_value_idx ON associationvalueentry (associationkey, associationvalue, sagatype);

CREATE TABLE deadletterentry (
    deadletterid        varchar(255)  NOT NULL,
    processinggroup     varchar(255)  NOT NULL,
    sequenceidentifier  varchar(255)  NOT NULL,
    sequenceindex       bigint        NOT NULL,
    messagetype         varchar(255)  NOT NULL,
    eventidentifier     varchar(255)  NOT NULL,
    timestamp           varchar(255)  NOT NULL,
    payloadtype         varchar(255)  NOT NULL,
    payloadrevision     varchar(255),
    payload             bytea         NOT NULL,
    metadata            bytea,
    aggregatetype       varchar(255),
    aggregateidentifier varchar(255),
    sequencenumber      bigint,
    tokentype           varchar(255),
    token               bytea,
    enqueuedat          varchar(255)  NOT NULL,
    lasttouched         varchar(255),
    processingstarted   varchar(255),
    causetype           varchar(255),
    causemessage        varchar(1023),
    diagnostics         bytea,
    PRIMARY KEY (deadletterid),
    CONSTRAINT deadletterentry_sequence_uq UNIQUE (processinggroup, sequenceidentifier, sequenceindex)
);
CREATE INDEX deadletterentry_group_idx ON deadletterentry (processinggroup);
CREATE INDEX deadletterentry_sequence_idx ON deadletterentry (processinggroup, sequenceidentifier);
