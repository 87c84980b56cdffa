-- Owners are users keyed by their application's scope and their sub (#<scope>:<sub>): up to 357
-- characters.
ALTER TABLE session_view ALTER COLUMN owner_id TYPE varchar(400);
ALTER TABLE session_turn_leases ALTER COLUMN user_id TYPE varchar(400);
