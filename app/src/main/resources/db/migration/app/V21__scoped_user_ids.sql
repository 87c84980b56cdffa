-- Users are keyed by their application's scope and their sub (#<scope>:<sub>): up to 357 characters;
-- an idempotency caller is <app>|<user>.
ALTER TABLE audit_log ALTER COLUMN owner_id TYPE varchar(400);
ALTER TABLE audit_log ALTER COLUMN user_id TYPE varchar(400);
ALTER TABLE audit_log_owners ALTER COLUMN owner_id TYPE varchar(400);
ALTER TABLE idempotency_keys ALTER COLUMN caller TYPE varchar(512);
