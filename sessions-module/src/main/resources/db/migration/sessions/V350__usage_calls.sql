-- Read model of the usage projection (asynchronous): one row per provider call that reported
-- tokens, keyed by its event, summed by GET /usage over a time range and a grouping.
CREATE TABLE usage_calls (
    event_id       varchar(255) PRIMARY KEY,
    at             timestamptz  NOT NULL,
    session_id     uuid         NOT NULL,
    turn_id        varchar(255) NOT NULL,
    user_id        varchar(400) NOT NULL,
    app_id         varchar(255),
    config_id      varchar(255) NOT NULL,
    provider       varchar(255) NOT NULL,
    model          varchar(255) NOT NULL,
    input_tokens   bigint       NOT NULL,
    output_tokens  bigint       NOT NULL,
    cached_tokens  bigint
);
CREATE INDEX usage_calls_at_idx ON usage_calls (at);
CREATE INDEX usage_calls_user_at_idx ON usage_calls (user_id, at);
