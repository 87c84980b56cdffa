-- Registered webhooks, written in the command's transaction (command side; the events keep the
-- history). The signing secret is sealed (envelope: wrapped data key + ciphertext); deleting the
-- row destroys it.
CREATE TABLE webhooks (
  webhook_id    uuid PRIMARY KEY,
  owner_id      text        NOT NULL,
  app_id        text        NOT NULL,
  application   boolean     NOT NULL,
  url           text        NOT NULL,
  events        text[]      NOT NULL,
  master_key_id text        NOT NULL,
  wrapped_key   text        NOT NULL,
  sealed_secret text        NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE INDEX webhooks_owner ON webhooks (owner_id) WHERE NOT application;
CREATE INDEX webhooks_app ON webhooks (app_id) WHERE application;

-- Who may read an entity (its owner and application, from its first event): the delivery
-- processor's own lookup of whose webhooks an event concerns.
CREATE TABLE webhook_subjects (
  entity_id text PRIMARY KEY,
  owner_id  text NOT NULL,
  app_id    text NOT NULL
);

-- One row per (webhook, event): the delivery as the API shows it. Rows of one lane (a session, a
-- config, a recipe) go out in position (global index) order.
CREATE TABLE webhook_deliveries (
  delivery_id      uuid PRIMARY KEY,
  webhook_id       uuid        NOT NULL,
  event_id         text        NOT NULL,
  event_type       text        NOT NULL,
  lane             text        NOT NULL,
  position         bigint      NOT NULL,
  payload          text        NOT NULL,
  status           text        NOT NULL,
  attempts         int         NOT NULL DEFAULT 0,
  -- counts redeliveries: an attempt that began before one does not overwrite it
  generation       int         NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL,
  first_attempt_at timestamptz,
  last_attempt_at  timestamptz,
  next_attempt_at  timestamptz,
  response_code    int,
  latency_ms       int,
  last_error       text,
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_pending
  ON webhook_deliveries (webhook_id, lane, position) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, position DESC);

-- Every attempt of a delivery: when, from which node, what came back.
CREATE TABLE webhook_delivery_attempts (
  delivery_id   uuid        NOT NULL REFERENCES webhook_deliveries ON DELETE CASCADE,
  attempt       int         NOT NULL,
  started_at    timestamptz NOT NULL,
  node          text        NOT NULL,
  response_code int,
  latency_ms    int,
  error         text,
  PRIMARY KEY (delivery_id, attempt)
);
