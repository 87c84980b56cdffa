-- :n rows in the audit-log read model, as its projection writes them: 1,000 owners, four entity
-- types, a spread of event types and actors over the last 30 days. Negative global indexes keep
-- them below (older than) every real event, so the live projection never collides with them.
INSERT INTO audit_log (global_index, event_id, occurred_at, entity_type, entity_id, owner_id,
    event_type, sequence_number, user_id, app_id, request_id, actor, caused_by, summary)
SELECT -i,
       'seed-' || i,
       now() - make_interval(secs => i * (2592000.0 / :n)),
       (ARRAY['config', 'session', 'recipe', 'user'])[1 + i % 4],
       md5((i / 10)::text),
       'bench-audit-' || (i % 1000),
       (ARRAY['ConfigCreatedEvent', 'ConfigUpdatedEvent', 'SessionMessageSubmittedEvent',
              'SessionReplyRecordedEvent', 'RecipeUpdatedEvent'])[1 + i % 5],
       i % 10,
       'bench-audit-' || (i % 1000),
       'bench-app',
       'seed-request-' || i,
       CASE WHEN i % 50 = 0 THEN 'system' ELSE 'user' END,
       NULL,
       '{"changed_fields": ["name"]}'::jsonb
FROM generate_series(1, :n) AS i;
ANALYZE audit_log;
