-- An application may check its users' tokens with a key of its own: a JWKS URL or a PEM public key.
ALTER TABLE application_view
    ADD COLUMN jwks_url   varchar(2048),
    ADD COLUMN public_key text;

-- Users are keyed by their application's scope and their sub (#<scope>:<sub>): up to 357 characters.
ALTER TABLE user_view ALTER COLUMN user_id TYPE varchar(400);
