-- The raw floor: one JSON event appended per durable commit, shaped like Axon's domainevententry.
\set n random(1, 1000000000)
INSERT INTO raw_events (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp)
VALUES (md5(:n::text || clock_timestamp()::text), 0, 'AgentConfig', md5(random()::text || :n::text),
        convert_to('{"userId":"bench","appId":"dev-app","requestId":"r-' || :n || '"}', 'UTF8'),
        convert_to('{"configId":"' || gen_random_uuid() || '","ownerId":"bench","name":"bench","description":"benchmark config","configData":{"bundle":{"name":"bench"},"providers":[{"module":"provider-echo","config":{"model":"echo"}}]},"tags":{"bench":"true"}}', 'UTF8'),
        '1', 'io.amplifier.appapi.configs.api.ConfigCreatedEvent', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'));
