-- Owners are users keyed by their application's scope and their sub (#<scope>:<sub>): up to 357
-- characters.
ALTER TABLE config_view ALTER COLUMN owner_id TYPE varchar(400);
ALTER TABLE config_data_keys ALTER COLUMN owner_id TYPE varchar(400);
ALTER TABLE recipe_view ALTER COLUMN owner_id TYPE varchar(400);
ALTER TABLE recipe_names ALTER COLUMN owner_id TYPE varchar(400);
