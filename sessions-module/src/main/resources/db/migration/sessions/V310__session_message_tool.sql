-- A tool call of a turn and its result (role 'tool'; null on user and assistant messages).
ALTER TABLE session_messages ADD COLUMN tool jsonb;
