-- Bulk-seeds :n ConfigCreatedEvents straight into the event store, byte-for-byte in the format the
-- service writes (JSON payload and metadata in BYTEA, ISO-8601 timestamp), 100,000 per statement.
\set ON_ERROR_STOP on
SELECT set_config('bench.n', :'n', false);
DO $$
DECLARE
  total bigint := current_setting('bench.n')::bigint;
  chunk bigint := 100000;
  done  bigint := 0;
BEGIN
  WHILE done < total LOOP
    INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                                  metadata, payload, payloadrevision, payloadtype, timestamp)
    SELECT id::text, 0, 'AgentConfig', gen_random_uuid()::text,
           convert_to('{"userId":"seed-user-' || (g % 1000) || '","requestId":"seed-' || g
                      || '","appId":"dev-app"}', 'UTF8'),
           convert_to('{"configId":"' || id || '","ownerId":"seed-user-' || (g % 1000)
                      || '","name":"seeded-' || g || '","description":"seeded config",'
                      || '"configData":{"bundle":{"name":"seed"},"providers":[{"module":"provider-echo",'
                      || '"config":{"model":"echo"}}]},"tags":{"seed":"true","n":"' || g || '"}}', 'UTF8'),
           '1', 'io.amplifier.appapi.configs.api.ConfigCreatedEvent',
           to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    FROM (SELECT g, gen_random_uuid() AS id
          FROM generate_series(done + 1, least(done + chunk, total)) AS g) s;
    done := least(done + chunk, total);
    COMMIT;
  END LOOP;
END $$;
