-- The audit-log projection: one row per event of every module, keyed by the event's global index
-- (the cursor of GET /audit), with the actor, the entity and the event type as indexed columns and
-- the changed-field summary as JSONB. owner_id is the owner of the entity the event is about (null:
-- admins only), so a non-admin's query is one index range scan.

CREATE TABLE audit_log (
    global_index     bigint       PRIMARY KEY,
    event_id         varchar(255) NOT NULL,
    occurred_at      timestamptz  NOT NULL,
    entity_type      varchar(32)  NOT NULL,
    entity_id        varchar(255) NOT NULL,
    owner_id         varchar(255),
    event_type       varchar(255) NOT NULL,
    sequence_number  bigint,
    user_id          varchar(255),
    app_id           varchar(255),
    request_id       varchar(255),
    actor            varchar(16)  NOT NULL,
    caused_by        varchar(255),
    summary          jsonb        NOT NULL
);

CREATE INDEX audit_log_owner_idx      ON audit_log (owner_id, global_index);
CREATE INDEX audit_log_user_idx       ON audit_log (user_id, global_index);
CREATE INDEX audit_log_app_idx        ON audit_log (app_id, global_index);
CREATE INDEX audit_log_entity_idx     ON audit_log (entity_type, entity_id, global_index);
CREATE INDEX audit_log_event_type_idx ON audit_log (event_type, global_index);
CREATE INDEX audit_log_occurred_idx   ON audit_log (occurred_at, global_index);
CREATE INDEX audit_log_summary_idx    ON audit_log USING gin (summary jsonb_path_ops);

-- Owners of the entities the audit log has seen, learnt from their first events (part of the
-- projection: truncated and rebuilt with it).
CREATE TABLE audit_log_owners (
    entity_type  varchar(32)  NOT NULL,
    entity_id    varchar(255) NOT NULL,
    owner_id     varchar(255) NOT NULL,
    PRIMARY KEY (entity_type, entity_id)
);

-- Idempotency-Key records: the first answer to a caller's keyed POST, replayed to its retries.
-- The row is inserted in the transaction of the request's first command (so a concurrent duplicate
-- cannot append anything), and completed with the answer when the request ends.
CREATE TABLE idempotency_keys (
    caller           varchar(255) NOT NULL,
    idempotency_key  varchar(255) NOT NULL,
    request_hash     varchar(64)  NOT NULL,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    completed_at     timestamptz,
    status           integer,
    content_type     varchar(255),
    headers          jsonb,
    body             bytea,
    claim_id         varchar(64)  NOT NULL,
    PRIMARY KEY (caller, idempotency_key)
);

CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
CREATE UNIQUE INDEX idempotency_keys_claim_idx ON idempotency_keys (claim_id);
