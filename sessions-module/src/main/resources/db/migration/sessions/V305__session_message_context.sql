-- The client's `context` object sent with a user message (null when it sent none).
ALTER TABLE session_messages ADD COLUMN context jsonb;
