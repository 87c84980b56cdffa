-- Read model of the quota-view projection: the monthly token budget an admin set on an application
-- or a user (kind 'application' or 'user'; a removed budget has no row).
CREATE TABLE token_quota (
    subject_kind    varchar(16)  NOT NULL,
    subject_id      varchar(400) NOT NULL,
    monthly_tokens  bigint       NOT NULL,
    updated_at      timestamptz  NOT NULL,
    version         bigint       NOT NULL,
    PRIMARY KEY (subject_kind, subject_id)
);

-- What each application and user used of a UTC calendar month (month = its first day), and what
-- provider calls in flight hold. Not a read model: counted as calls run, never rebuilt from events.
CREATE TABLE token_usage (
    subject_kind  varchar(16)  NOT NULL,
    subject_id    varchar(400) NOT NULL,
    month         date         NOT NULL,
    used          bigint       NOT NULL DEFAULT 0,
    reserved      bigint       NOT NULL DEFAULT 0,
    PRIMARY KEY (subject_kind, subject_id, month)
);

-- One row per subject of each provider call in flight; one that outlives expires_at lapses.
CREATE TABLE token_reservation (
    reservation_id  uuid         NOT NULL,
    subject_kind    varchar(16)  NOT NULL,
    subject_id      varchar(400) NOT NULL,
    month           date         NOT NULL,
    tokens          bigint       NOT NULL,
    expires_at      timestamptz  NOT NULL,
    PRIMARY KEY (reservation_id, subject_kind)
);
CREATE INDEX token_reservation_subject_idx
    ON token_reservation (subject_kind, subject_id, expires_at);
