-- Recorded answers are sealed under a key derived from the client's Idempotency-Key, which the
-- table now keeps only as a hash (idempotency_key holds it). Each row names the entity it answers
-- for (entity = kind:id); deleting the entity erases its answers (gone). An answer not kept (too
-- large) leaves a row without body (body_omitted): its retry is refused, never run again.
ALTER TABLE idempotency_keys
    ADD COLUMN entity       varchar(255),
    ADD COLUMN gone         boolean NOT NULL DEFAULT false,
    ADD COLUMN body_omitted boolean NOT NULL DEFAULT false;

-- Rows of earlier versions hold keys and answers in clear: keep them as hashed keys without answer.
UPDATE idempotency_keys
   SET idempotency_key = encode(sha256(convert_to('amplifier-idempotency-lookup' || chr(10) || idempotency_key, 'UTF8')), 'hex'),
       body = NULL,
       headers = NULL,
       body_omitted = completed_at IS NOT NULL;

CREATE INDEX idempotency_keys_entity_idx ON idempotency_keys (entity) WHERE entity IS NOT NULL;
