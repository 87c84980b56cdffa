-- Read model of the recipe-view projection.
CREATE TABLE recipe_view (
    recipe_id   uuid         PRIMARY KEY,
    owner_id    varchar(255) NOT NULL,
    name        varchar(255) NOT NULL,
    recipe_data jsonb        NOT NULL,
    tags        jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL,
    deleted     boolean      NOT NULL DEFAULT false,
    version     bigint       NOT NULL
);
CREATE INDEX recipe_view_owner_updated_idx ON recipe_view (owner_id, updated_at DESC, recipe_id) WHERE NOT deleted;
CREATE INDEX recipe_view_tags_idx ON recipe_view USING gin (tags jsonb_path_ops);

-- Command-side uniqueness of recipe names per owner, written in the command's own transaction.
CREATE TABLE recipe_names (
    owner_id  varchar(255) NOT NULL,
    name      varchar(255) NOT NULL,
    recipe_id uuid         NOT NULL,
    PRIMARY KEY (owner_id, name)
);
